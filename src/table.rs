//! The in-memory table: every cell of the file, stored compactly by column.
//!
//! A CRM export of a million rows and fifteen columns has fifteen million
//! cells; a `String` each would cost more in allocator overhead than the text
//! itself. Instead each column keeps all its text in one `String` plus one
//! `u32` end offset per cell, so a cell costs its bytes plus four. Columns are
//! the unit the later stages work on (validate a column, normalize a column),
//! and a stage that changes cells builds a new column and swaps it in.

use crate::codec::{Decoder, Encoder, Input, Sink};
use crate::error::{Error, Result};

/// One column: its header and the text of its cells, back to back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Column {
    name: String,
    text: String,
    ends: Vec<u32>,
}

impl Column {
    /// An empty column called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Column { name: name.into(), text: String::new(), ends: Vec::new() }
    }

    /// An empty column called `name` with room for `rows` cells of `bytes` text in all.
    pub fn with_capacity(name: impl Into<String>, rows: usize, bytes: usize) -> Self {
        Column { name: name.into(), text: String::with_capacity(bytes), ends: Vec::with_capacity(rows) }
    }

    /// The header of this column.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the column has no cells.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Bytes of text in all cells together.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Whether every cell is ASCII.
    pub fn is_ascii(&self) -> bool {
        self.text.is_ascii()
    }

    /// Appends a cell. Fails only when the column's text passes 4 GiB.
    pub fn push(&mut self, cell: &str) -> Result<()> {
        let end = self.text.len() + cell.len();
        let end = u32::try_from(end).map_err(|_| Error::TooLarge { what: "column", limit: "4 GiB" })?;
        self.text.push_str(cell);
        self.ends.push(end);
        Ok(())
    }

    /// The cell in `row`, or `""` past the end.
    pub fn get(&self, row: usize) -> &str {
        let Some(&end) = self.ends.get(row) else { return "" };
        let start = if row == 0 { 0 } else { self.ends[row - 1] };
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// The cells in row order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(move |row| self.get(row))
    }

    /// Bytes this column holds on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * std::mem::size_of::<u32>() + self.name.capacity()
    }

    /// Gives back memory reserved for growth once the column is complete.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// This column with the cells `replacements` names (row, new text;
    /// rows in ascending order) rewritten. The cells between are copied a
    /// run at a time, not cell by cell. `None` if the rows are out of
    /// order, repeated or past the end, or the text would pass 4 GiB.
    pub fn with_replaced<'a, I>(&self, replacements: I) -> Option<Column>
    where
        I: IntoIterator<Item = (usize, &'a str)>,
        I::IntoIter: Clone,
    {
        let replacements = replacements.into_iter();
        // The exact size, so the text is never copied to a bigger buffer
        // half-way (a column of dates or phones grows as it is normalized).
        let (mut grown, mut shrunk) = (0, 0);
        for (row, cell) in replacements.clone() {
            grown += cell.len();
            shrunk += self.get(row).len();
        }
        let bytes = (self.text.len() + grown).saturating_sub(shrunk);
        let mut out = Column::with_capacity(self.name.clone(), self.len(), bytes);
        let mut next = 0;
        for (row, cell) in replacements {
            if row < next || row >= self.len() {
                return None;
            }
            out.copy_rows(self, next, row)?;
            out.push(cell).ok()?;
            next = row + 1;
        }
        out.copy_rows(self, next, self.len())?;
        Some(out)
    }

    /// Appends `from`'s cells `start..end` (a valid range) with one copy of their text.
    fn copy_rows(&mut self, from: &Column, start: usize, end: usize) -> Option<()> {
        if start >= end {
            return Some(());
        }
        let text_start = if start == 0 { 0 } else { *from.ends.get(start - 1)? as usize };
        let ends = from.ends.get(start..end)?;
        let text = from.text.get(text_start..*ends.last()? as usize)?;
        let base = u32::try_from(self.text.len()).ok()?;
        u32::try_from(self.text.len() + text.len()).ok()?;
        self.text.push_str(text);
        // Each end moves by the same amount: where the run starts here less where it started there.
        let from_base = text_start as u32;
        self.ends.extend(ends.iter().map(|&e| e - from_base + base));
        Some(())
    }

    /// Appends the cells of a column [`Column::encode`] wrote, checked as
    /// [`Column::decode`] checks them, without making a column of them
    /// first; `scratch` is for the copy. On an error the column is as it was.
    pub fn append_encoded<I: Input>(&mut self, input: &mut I, scratch: &mut Vec<u8>) -> Result<()> {
        let name = input.text()?;
        if name != self.name {
            return Err(Error::Part(format!("a part's column {name:?} is not {:?}", self.name)));
        }
        let (rows, base) = (self.ends.len(), self.text.len());
        let result = self.append_encoded_cells(input, scratch);
        if result.is_err() {
            self.truncate(rows, base);
        }
        result
    }

    fn append_encoded_cells<I: Input>(&mut self, input: &mut I, scratch: &mut Vec<u8>) -> Result<()> {
        let (base, added) = (self.text.len(), input.count(1)?);
        let offset = u32::try_from(base).ok().filter(|_| u32::try_from(base + added).is_ok());
        let offset = offset.ok_or(Error::TooLarge { what: "column", limit: "4 GiB" })?;
        self.text.reserve_exact(added);
        input.read_text(added, &mut self.text, scratch)?;
        let cells = input.count(4)?;
        self.ends.reserve_exact(cells);
        let (text, name, ends) = (&self.text[base..], &self.name, &mut self.ends);
        let mut start = 0;
        input.read_u32s(cells, scratch, |end| {
            if end < start || !text.is_char_boundary(end as usize) {
                return Err(Error::Part(format!("the cells of column {name:?} do not fit its text")));
            }
            start = end;
            ends.push(offset + end);
            Ok(())
        })?;
        if start as usize != added {
            return Err(Error::Part(format!("column {name:?} has text after its last cell")));
        }
        Ok(())
    }

    /// Puts the cells of a column [`Column::encode`] wrote before this
    /// column's, checked as [`Column::decode`] checks them, moving this
    /// column's text within its buffer when it has room (a column read from
    /// the middle of a file, reserved for the whole). `head` and `scratch`
    /// are buffers for the copy. On an error the column may have lost its
    /// cells: the caller drops it.
    pub fn prepend_encoded<I: Input>(&mut self, input: &mut I, head: &mut (String, Vec<u32>), scratch: &mut Vec<u8>) -> Result<()> {
        let name = input.text()?;
        if name != self.name {
            return Err(Error::Part(format!("a part's column {name:?} is not {:?}", self.name)));
        }
        let (text, ends) = head;
        text.clear();
        ends.clear();
        let n = input.count(1)?;
        input.read_text(n, text, scratch)?;
        let cells = input.count(4)?;
        ends.reserve(cells);
        let mut start = 0;
        input.read_u32s(cells, scratch, |end| {
            if end < start || !text.is_char_boundary(end as usize) {
                return Err(Error::Part(format!("the cells of column {name:?} do not fit its text")));
            }
            start = end;
            ends.push(end);
            Ok(())
        })?;
        if start as usize != n {
            return Err(Error::Part(format!("column {name:?} has text after its last cell")));
        }
        let shift = u32::try_from(n).ok().filter(|_| u32::try_from(self.text.len() + n).is_ok());
        let shift = shift.ok_or(Error::TooLarge { what: "column", limit: "4 GiB" })?;
        self.text.insert_str(0, text);
        self.ends.iter_mut().for_each(|end| *end += shift);
        self.ends.splice(0..0, ends.drain(..));
        Ok(())
    }

    /// Drops every cell from `rows` on, whose text starts at `text_len`.
    fn truncate(&mut self, rows: usize, text_len: usize) {
        self.ends.truncate(rows);
        self.text.truncate(text_len);
    }

    /// Appends this column to `out`, for [`Column::decode`] in another worker.
    pub fn encode<S: Sink>(&self, out: &mut Encoder<S>) {
        out.bytes(self.name.as_bytes());
        out.bytes(self.text.as_bytes());
        out.u32s(&self.ends);
    }

    /// Reads a column that [`Column::encode`] wrote, checking that every
    /// cell ends after the one before, inside the text, on a character boundary.
    pub fn decode(input: &mut Decoder) -> Result<Column> {
        let name = input.string()?;
        let text = input.string()?;
        let ends = input.u32s()?;
        let mut start = 0;
        for &end in &ends {
            if end < start || !text.is_char_boundary(end as usize) {
                return Err(Error::Part(format!("the cells of column {name:?} do not fit its text")));
            }
            start = end;
        }
        Ok(Column { name, text, ends })
    }
}

/// The rows that survived reading, as columns, with the source line of each row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    columns: Vec<Column>,
    /// 1-based line in the input file where each row starts.
    lines: Vec<u64>,
}

impl Table {
    /// An empty table with these headers.
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Self {
        Table { columns: headers.into_iter().map(Column::new).collect(), lines: Vec::new() }
    }

    /// Number of data rows.
    pub fn rows(&self) -> usize {
        self.lines.len()
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.columns.len()
    }

    /// The headers, in order.
    pub fn headers(&self) -> impl Iterator<Item = &str> + '_ {
        self.columns.iter().map(Column::name)
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The column at `index`, if there is one.
    pub fn column(&self, index: usize) -> Option<&Column> {
        self.columns.get(index)
    }

    /// The columns, taking the table apart.
    pub fn into_columns(self) -> Vec<Column> {
        self.columns
    }

    /// Puts `column` in place of the column at `index` and returns the old one.
    /// The new column must have the same number of cells.
    pub fn replace_column(&mut self, index: usize, column: Column) -> Option<Column> {
        if column.len() != self.rows() {
            return None;
        }
        let slot = self.columns.get_mut(index)?;
        Some(std::mem::replace(slot, column))
    }

    /// Adds a column on the right, empty in every existing row.
    pub fn add_column(&mut self, name: impl Into<String>) -> Result<()> {
        let mut column = Column::with_capacity(name, self.rows(), 0);
        for _ in 0..self.rows() {
            column.push("")?;
        }
        self.columns.push(column);
        Ok(())
    }

    /// The cell at (`row`, `col`), or `""` outside the table.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.columns.get(col).map_or("", |c| c.get(row))
    }

    /// The 1-based source line on which `row` starts.
    pub fn source_line(&self, row: usize) -> u64 {
        self.lines.get(row).copied().unwrap_or(0)
    }

    /// Appends a row read from `line`. Missing trailing fields become empty
    /// cells; the caller has already dealt with rows that are too long.
    pub fn push_row<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>, line: u64) -> Result<()> {
        let mut fields = fields.into_iter();
        for column in &mut self.columns {
            column.push(fields.next().unwrap_or(""))?;
        }
        self.lines.push(line);
        Ok(())
    }

    /// Appends this table to `out`, for [`Table::append_encoded`] in another worker.
    pub fn encode<S: Sink>(&self, out: &mut Encoder<S>) {
        out.len(self.columns.len());
        self.columns.iter().for_each(|column| column.encode(out));
        out.u64s(&self.lines);
    }

    /// Appends the rows of a table [`Table::encode`] wrote (the same
    /// headers), their source lines moved down by `line_offset`. On an
    /// error the table is as it was.
    pub fn append_encoded<I: Input>(&mut self, input: &mut I, line_offset: u64) -> Result<()> {
        if input.count(0)? != self.width() {
            return Err(Error::Part("a part has another number of columns".into()));
        }
        let rows = self.rows();
        let result = self.append_encoded_rows(input, line_offset);
        if result.is_err() {
            self.truncate_rows(rows);
        }
        result
    }

    fn append_encoded_rows<I: Input>(&mut self, input: &mut I, line_offset: u64) -> Result<()> {
        let mut scratch = Vec::new();
        for column in &mut self.columns {
            column.append_encoded(input, &mut scratch)?;
        }
        let lines = input.u64_list()?;
        if self.columns.iter().any(|c| c.len() != self.lines.len() + lines.len()) {
            return Err(Error::Part("a part's columns have different lengths".into()));
        }
        self.lines.reserve_exact(lines.len());
        self.lines.extend(lines.iter().map(|line| line + line_offset));
        Ok(())
    }

    /// Puts the rows of a table [`Table::encode`] wrote (the same headers)
    /// before this table's, whose source lines move down by `line_offset`;
    /// in place where the columns have room (see [`Column::prepend_encoded`]).
    /// On an error the table is spent: the caller drops it.
    pub fn prepend_encoded<I: Input>(&mut self, input: &mut I, line_offset: u64) -> Result<()> {
        if input.count(0)? != self.width() {
            return Err(Error::Part("a part has another number of columns".into()));
        }
        let (mut head, mut scratch) = ((String::new(), Vec::new()), Vec::new());
        for column in &mut self.columns {
            column.prepend_encoded(input, &mut head, &mut scratch)?;
        }
        let lines = input.u64_list()?;
        if self.columns.iter().any(|c| c.len() != self.lines.len() + lines.len()) {
            return Err(Error::Part("a part's columns have different lengths".into()));
        }
        self.lines.iter_mut().for_each(|line| *line += line_offset);
        self.lines.splice(0..0, lines);
        Ok(())
    }

    /// Drops every row from `rows` on.
    pub fn truncate_rows(&mut self, rows: usize) {
        for column in &mut self.columns {
            let text_len = rows.checked_sub(1).and_then(|last| column.ends.get(last)).map_or(0, |&end| end as usize);
            column.truncate(rows, text_len);
        }
        self.lines.truncate(rows);
    }

    /// Makes room for `additional` more rows, each column's text in
    /// proportion to its cells so far, so a table whose final size is known
    /// does not grow (copying its columns) on the way. Room that cannot be
    /// had is not reserved: the table then grows as it would have anyway.
    pub fn reserve_rows(&mut self, additional: usize) {
        let rows = self.rows().max(1) as u128;
        for column in &mut self.columns {
            let bytes = column.text.len() as u128 * additional as u128 / rows;
            let _ = column.text.try_reserve_exact(usize::try_from(bytes).unwrap_or(usize::MAX));
            let _ = column.ends.try_reserve_exact(additional);
        }
        let _ = self.lines.try_reserve_exact(additional);
    }

    /// Keeps only `rows` (ascending), in order, with some cells replaced:
    /// `replaced` lists `(column, position among the kept rows, new value)`,
    /// sorted by column then position. Works one column at a time, each built
    /// at its exact size before the old one is freed, so the peak is the
    /// table plus one column rather than two tables (the dedupe stage's
    /// merge of a million rows). `progress` hears after each column.
    pub fn retain_rows(
        &mut self,
        rows: &[usize],
        replaced: &[(usize, usize, &str)],
        progress: &mut dyn FnMut(),
    ) -> Result<()> {
        for (c, column) in self.columns.iter_mut().enumerate() {
            let from = replaced.partition_point(|r| r.0 < c);
            let to = replaced.partition_point(|r| r.0 <= c);
            let mine = replaced.get(from..to).unwrap_or(&[]);
            let kept_bytes: usize = rows.iter().map(|&r| column.get(r).len()).sum();
            let old_bytes: usize = mine.iter().map(|&(_, i, _)| rows.get(i).map_or(0, |&r| column.get(r).len())).sum();
            let new_bytes: usize = mine.iter().map(|r| r.2.len()).sum();
            let mut next = Column::with_capacity(column.name.as_str(), rows.len(), kept_bytes.saturating_sub(old_bytes) + new_bytes);
            let mut pending = mine.iter().peekable();
            for (i, &r) in rows.iter().enumerate() {
                let value = match pending.next_if(|p| p.1 == i) {
                    Some(&(_, _, value)) => value,
                    None => column.get(r),
                };
                next.push(value)?;
            }
            *column = next;
            progress();
        }
        self.lines = rows.iter().map(|&r| self.source_line(r)).collect();
        Ok(())
    }

    /// Bytes the table holds on the heap (cells, offsets, line numbers).
    pub fn heap_bytes(&self) -> usize {
        self.columns.iter().map(Column::heap_bytes).sum::<usize>()
            + self.lines.capacity() * std::mem::size_of::<u64>()
    }

    /// Gives back memory reserved for growth once the table is complete.
    pub fn shrink_to_fit(&mut self) {
        self.columns.iter_mut().for_each(Column::shrink_to_fit);
        self.lines.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_round_trip_including_empty_and_multibyte() {
        let mut t = Table::new(["name", "city"]);
        t.push_row(["张伟", ""], 2).unwrap();
        t.push_row(["Ann"], 3).unwrap();
        assert_eq!(t.rows(), 2);
        assert_eq!(t.cell(0, 0), "张伟");
        assert_eq!(t.cell(0, 1), "");
        assert_eq!(t.cell(1, 0), "Ann");
        assert_eq!(t.cell(1, 1), "", "missing trailing field is padded");
        assert_eq!(t.cell(9, 9), "", "outside the table is empty, not a panic");
        assert_eq!(t.source_line(1), 3);
    }

    #[test]
    fn retain_rows_keeps_and_replaces() {
        let mut t = Table::new(["a", "b"]);
        for (i, line) in [(0, 2), (1, 3), (2, 5), (3, 6)] {
            t.push_row([format!("a{i}").as_str(), &format!("b{i}")], line).unwrap();
        }
        let mut columns_done = 0;
        t.retain_rows(&[0, 2, 3], &[(0, 1, "A2"), (1, 0, ""), (1, 2, "B3!")], &mut || columns_done += 1).unwrap();
        assert_eq!(columns_done, 2);
        let rows: Vec<Vec<&str>> = (0..t.rows()).map(|r| vec![t.cell(r, 0), t.cell(r, 1)]).collect();
        assert_eq!(rows, [["a0", ""], ["A2", "b2"], ["a3", "B3!"]]);
        assert_eq!((t.source_line(0), t.source_line(1), t.source_line(2)), (2, 5, 6));
        assert_eq!(t.columns()[1].text_len(), "b2B3!".len());
    }

    #[test]
    fn replacing_cells_matches_pushing_them_one_by_one() {
        let mut column = Column::new("c");
        for i in 0..50 {
            column.push(&["", "张伟", "a", "long text here"][i % 4].repeat(i % 3)).unwrap();
        }
        // Every subset pattern of a few shapes: none, all, first, last, runs, singles.
        let patterns: [&dyn Fn(usize) -> bool; 6] =
            [&|_| false, &|_| true, &|r| r == 0, &|r| r == 49, &|r| (10..20).contains(&r), &|r| r % 7 == 3];
        for (n, pick) in patterns.iter().enumerate() {
            let new_text = |row: usize| format!("new {row} 王");
            let texts: Vec<(usize, String)> = (0..50).filter(|&r| pick(r)).map(|r| (r, new_text(r))).collect();
            let replaced = column.with_replaced(texts.iter().map(|(r, t)| (*r, t.as_str()))).unwrap();
            let mut expected = Column::new("c");
            for (row, cell) in column.iter().enumerate() {
                expected.push(if pick(row) { new_text(row) } else { cell.to_string() }.as_str()).unwrap();
            }
            assert_eq!(replaced, expected, "pattern {n}");
        }
        // Rows out of order, repeated or past the end are refused.
        for rows in [vec![3, 2], vec![4, 4], vec![50]] {
            assert!(column.with_replaced(rows.iter().map(|&r| (r, "x"))).is_none(), "{rows:?}");
        }
    }

    fn table(rows: &[(&str, &str, u64)]) -> Table {
        let mut t = Table::new(["name", "city"]);
        for &(a, b, line) in rows {
            t.push_row([a, b], line).unwrap();
        }
        t
    }

    #[test]
    fn tables_append_and_prepend_through_their_encoding_as_pushed() {
        let head = table(&[("张伟", "", 2), ("Ann", "Paris", 3)]);
        let tail = table(&[("", "上海", 1), ("Bo", "", 4)]);
        let whole = table(&[("张伟", "", 2), ("Ann", "Paris", 3), ("", "上海", 11), ("Bo", "", 14)]);
        let encoded = |t: &Table| {
            let mut out = Encoder::default();
            t.encode(&mut out);
            out.finish()
        };
        let (head_bytes, tail_bytes) = (encoded(&head), encoded(&tail));
        let mut appended = head.clone();
        let mut input = Decoder::new(&tail_bytes);
        appended.append_encoded(&mut input, 10).unwrap();
        input.check_end().unwrap();
        assert_eq!(appended, whole);
        // Before a table, in place.
        let mut prepended = tail.clone();
        prepended.reserve_rows(2);
        prepended.prepend_encoded(&mut Decoder::new(&head_bytes), 10).unwrap();
        assert_eq!(prepended, whole);
    }

    #[test]
    fn a_garbled_or_foreign_encoded_table_changes_nothing() {
        let head = table(&[("张伟", "x", 2)]);
        let mut out = Encoder::default();
        table(&[("王芳", "Beijing", 3), ("Li", "", 4)]).encode(&mut out);
        let bytes = out.finish();
        for cut in 0..bytes.len() {
            let mut t = head.clone();
            assert!(t.append_encoded(&mut Decoder::new(&bytes[..cut]), 0).is_err(), "cut at {cut}");
            assert_eq!(t, head, "cut at {cut}");
        }
        // A cell end inside a character, and another table's columns.
        let mut out = Encoder::default();
        out.len(2);
        for (name, text, end) in [("name", "王芳", 1), ("city", "x", 1)] {
            out.bytes(name.as_bytes());
            out.bytes(text.as_bytes());
            out.u32s(&[end]);
        }
        out.u64s(&[3]);
        let mut t = head.clone();
        let garbled = out.finish();
        assert!(t.append_encoded(&mut Decoder::new(&garbled), 0).is_err());
        assert_eq!(t, head);
        for cut in 0..bytes.len() {
            assert!(head.clone().prepend_encoded(&mut Decoder::new(&bytes[..cut]), 0).is_err(), "cut at {cut}");
        }
        let mut other = Table::new(["name", "town"]);
        assert!(other.append_encoded(&mut Decoder::new(&bytes), 0).is_err());
        assert!(other.prepend_encoded(&mut Decoder::new(&bytes), 0).is_err());
        assert!(head.clone().prepend_encoded(&mut Decoder::new(&garbled), 0).is_err());
    }

    #[test]
    fn replace_column_requires_same_length() {
        let mut t = Table::new(["a"]);
        t.push_row(["x"], 2).unwrap();
        assert!(t.replace_column(0, Column::new("a")).is_none());
        let mut c = Column::new("a");
        c.push("y").unwrap();
        assert_eq!(t.replace_column(0, c).map(|old| old.get(0).to_string()), Some("x".into()));
        assert_eq!(t.cell(0, 0), "y");
    }
}
