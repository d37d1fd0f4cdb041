//! Re-identification risk: k-anonymity over the quasi-identifiers the
//! profile names, and the two ways of reaching a k (generalize further,
//! suppress rows).
//!
//! Rows that share every quasi-identifier value form an equivalence class;
//! someone who knows a person's city, birth year and gender can narrow them
//! down to that person's class, so the output is k-anonymous when every
//! class has at least k rows.

use std::collections::HashMap;

use serde::Serialize;

use crate::error::Result;
use crate::table::{Column, Table};

use super::generalize::coarser;

/// Separates values in a class's key; the text normalization removes control characters from cells.
const SEP: char = '\u{1f}';

/// One equivalence class, for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Class {
    /// The quasi-identifier values the rows share, in `quasi_identifiers` order.
    pub values: Vec<String>,
    /// How many rows share them.
    pub rows: usize,
}

/// The risk measured over a table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Risk {
    /// Size of the smallest class (0 for a table without rows): the table is k-anonymous for this k.
    pub k: usize,
    /// Number of classes.
    pub classes: usize,
    /// Rows in classes smaller than the profile's k.
    pub rows_below_k: usize,
    /// The smallest classes (the most identifying combinations), smallest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub smallest: Vec<Class>,
}

/// The rows of each class, by their joined values, leaving out the rows in `skip` (ascending).
fn classes(table: &Table, columns: &[usize], skip: &[usize]) -> HashMap<String, Vec<usize>> {
    let mut out: HashMap<String, Vec<usize>> = HashMap::new();
    let mut key = String::new();
    for row in (0..table.rows()).filter(|row| skip.binary_search(row).is_err()) {
        key.clear();
        for &col in columns {
            key.push_str(table.cell(row, col));
            key.push(SEP);
        }
        match out.get_mut(key.as_str()) {
            Some(rows) => rows.push(row),
            None => {
                out.insert(key.clone(), vec![row]);
            }
        }
    }
    out
}

/// The risk of `table` without the rows in `skip` (ascending) for target
/// `k`, with the `top` smallest classes, and the rows (ascending) that sit
/// in classes smaller than `k`.
pub fn measure(table: &Table, columns: &[usize], k: usize, top: usize, skip: &[usize]) -> (Risk, Vec<usize>) {
    let classes = classes(table, columns, skip);
    let mut below: Vec<usize> = classes.values().filter(|rows| rows.len() < k).flatten().copied().collect();
    below.sort_unstable();
    let mut sizes: Vec<(&String, usize)> = classes.iter().map(|(key, rows)| (key, rows.len())).collect();
    sizes.sort_unstable_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(b.0)));
    let smallest = sizes
        .iter()
        .take(top)
        .map(|(key, rows)| Class {
            values: key.split(SEP).take(columns.len()).map(String::from).collect(),
            rows: *rows,
        })
        .collect();
    let risk =
        Risk { k: sizes.first().map_or(0, |s| s.1), classes: classes.len(), rows_below_k: below.len(), smallest };
    (risk, below)
}

/// How far one column was generalized to reach k.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Generalized {
    /// The column.
    pub column: String,
    /// Steps taken (`2024-03-15` → `2024-03` is one).
    pub steps: u32,
}

/// Coarsens quasi-identifier columns one step at a time, each time the one
/// with the most distinct values (it splits the rows the most), until every
/// class has `k` rows or no column can get coarser. Greedy, not optimal:
/// it may generalize more than the least a search would find.
pub fn generalize_to_k(table: &mut Table, columns: &[usize], k: usize) -> Result<Vec<Generalized>> {
    let mut steps = vec![0u32; columns.len()];
    let mut exhausted = vec![false; columns.len()];
    while measure(table, columns, k, 0, &[]).0.rows_below_k > 0 {
        let Some(i) = most_distinct(table, columns, &exhausted) else { break };
        let col = columns[i];
        let Some(current) = table.column(col) else { break };
        let mut coarse = Column::with_capacity(current.name(), current.len(), current.text_len());
        for value in current.iter() {
            coarse.push(&coarser(value))?;
        }
        if coarse == *current {
            exhausted[i] = true;
            continue;
        }
        table.replace_column(col, coarse);
        steps[i] += 1;
    }
    Ok(columns
        .iter()
        .zip(steps)
        .filter(|(_, steps)| *steps > 0)
        .map(|(&col, steps)| Generalized { column: header(table, col), steps })
        .collect())
}

/// Index into `columns` of the column with the most distinct values, among those not exhausted.
fn most_distinct(table: &Table, columns: &[usize], exhausted: &[bool]) -> Option<usize> {
    let distinct = |col: usize| {
        let mut seen = std::collections::HashSet::new();
        table.column(col).map_or(0, |c| c.iter().filter(|v| seen.insert(*v)).count())
    };
    (0..columns.len()).filter(|&i| !exhausted[i]).max_by_key(|&i| (distinct(columns[i]), std::cmp::Reverse(i)))
}

/// Header of a column, for reports.
fn header(table: &Table, col: usize) -> String {
    table.column(col).map_or_else(String::new, |c| c.name().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// City, birth year, gender.
    fn people() -> Table {
        let mut t = Table::new(["city", "born", "gender"]);
        let rows = [
            ["Beijing", "1990", "M"],
            ["Beijing", "1990", "M"],
            ["Beijing", "1990", "M"],
            ["Beijing", "1991", "F"],
            ["Beijing", "1991", "F"],
            ["Shanghai", "1985", "F"],
            ["Shanghai", "1985", "F"],
            ["Shanghai", "1987", "M"],
        ];
        for (i, row) in rows.iter().enumerate() {
            t.push_row(row.iter().copied(), i as u64 + 2).unwrap();
        }
        t
    }

    #[test]
    fn k_is_the_smallest_class_and_the_report_names_it() {
        let (risk, below) = measure(&people(), &[0, 1, 2], 2, 2, &[]);
        assert_eq!((risk.k, risk.classes, risk.rows_below_k), (1, 4, 1));
        assert_eq!(below, [7]);
        assert_eq!(risk.smallest[0], Class { values: vec!["Shanghai".into(), "1987".into(), "M".into()], rows: 1 });
        assert_eq!(risk.smallest[1].rows, 2);
        let (risk, below) = measure(&people(), &[0, 1, 2], 3, 0, &[]);
        assert_eq!((risk.rows_below_k, below), (5, vec![3, 4, 5, 6, 7]));
        let (risk, _) = measure(&people(), &[0], 3, 0, &[]);
        assert_eq!((risk.k, risk.rows_below_k), (3, 0));
        let (risk, below) = measure(&people(), &[0, 1, 2], 2, 0, &[7]);
        assert_eq!((risk.k, risk.classes, below.len()), (2, 3, 0), "without the suppressed row");
    }

    #[test]
    fn generalizing_climbs_until_k_is_reached() {
        let mut t = people();
        let done = generalize_to_k(&mut t, &[1, 2], 3).unwrap();
        let (risk, _) = measure(&t, &[1, 2], 3, 0, &[]);
        assert_eq!(risk.rows_below_k, 0, "{done:?}");
        assert_eq!(done, [Generalized { column: "born".into(), steps: 2 }], "1990 → 1990s → *");
        assert_eq!(t.cell(0, 1), "*");
        assert_eq!(t.cell(0, 0), "Beijing", "columns that are not quasi-identifiers stay");
    }
}
