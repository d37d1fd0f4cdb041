//! Reading XLSX and ODS workbooks made in the test, cell by cell.
#![cfg(not(target_arch = "wasm32"))]

use std::io::{Cursor, Write};

use crm_cleaner::read::spreadsheet::{read_spreadsheet, sheet_names, sniff_format};
use crm_cleaner::read::ReadOutput;
use rust_xlsxwriter::{Chart, ChartType, ExcelDateTime, Format, Formula, Workbook};

fn headers(out: &ReadOutput) -> Vec<String> {
    out.table.headers().map(str::to_string).collect()
}

fn cells(out: &ReadOutput) -> Vec<Vec<String>> {
    let t = &out.table;
    (0..t.rows()).map(|r| (0..t.width()).map(|c| t.cell(r, c).to_string()).collect()).collect()
}

fn lines(out: &ReadOutput) -> Vec<u64> {
    (0..out.table.rows()).map(|r| out.table.source_line(r)).collect()
}

/// A workbook with a hidden first sheet, a "Contacts" sheet with every kind of
/// cell, an "Orders" sheet and a chart sheet.
fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let time = Format::new().set_num_format("hh:mm");
    let duration = Format::new().set_num_format("[h]:mm:ss");

    let lookup = book.add_worksheet();
    lookup.set_name("Lookup").unwrap();
    lookup.write_string(0, 0, "code").unwrap();
    lookup.set_hidden(true);

    let sheet = book.add_worksheet();
    sheet.set_name("Contacts").unwrap();
    sheet.set_active(true);
    let head = ["name", "phone", "zip", "joined", "last_call", "vip", "score", "note", "", "note"];
    for (col, text) in head.iter().enumerate() {
        if !text.is_empty() {
            sheet.write_string(0, col as u16, *text).unwrap();
        }
    }
    // Row 2: every kind of cell. H2 stays empty.
    sheet.write_string(1, 0, "Alice Smith").unwrap();
    sheet.write_number(1, 1, 13800138000.0).unwrap();
    sheet.write_string(1, 2, "00123").unwrap();
    let day = ExcelDateTime::from_ymd(2024, 1, 5).unwrap();
    sheet.write_datetime_with_format(1, 3, &day, &date).unwrap();
    let moment = ExcelDateTime::from_ymd(2024, 1, 5).unwrap().and_hms(13, 45, 0).unwrap();
    sheet.write_datetime_with_format(1, 4, &moment, &datetime).unwrap();
    sheet.write_boolean(1, 5, true).unwrap();
    sheet.write_number(1, 6, 12.5).unwrap();
    sheet.write_string(1, 8, "x").unwrap();
    // Row 3: Chinese text, a formula error, a time of day and a duration.
    sheet.write_string(2, 0, "张伟").unwrap();
    sheet.write_formula(2, 1, Formula::new("=NA()").set_result("#N/A")).unwrap();
    sheet.write_string(2, 2, "007").unwrap();
    let clock = ExcelDateTime::from_hms(13, 45, 0).unwrap();
    sheet.write_datetime_with_format(2, 3, &clock, &time).unwrap();
    sheet.write_number_with_format(2, 4, 1.5 + 0.5 / 24.0, &duration).unwrap();
    sheet.write_boolean(2, 5, false).unwrap();
    sheet.write_number(2, 6, 0.1 + 0.2).unwrap();
    sheet.write_string(2, 7, "上海市 浦东新区").unwrap();
    // Row 4 is blank; row 5 has a value past the last header (column L).
    sheet.write_string(4, 0, "Bob").unwrap();
    sheet.write_number(4, 6, -7.0).unwrap();
    sheet.write_string(4, 11, "extra").unwrap();
    // Trailing rows with only formatting and blank text.
    sheet.write_blank(8, 0, &date).unwrap();
    sheet.write_string(9, 1, "").unwrap();

    let orders = book.add_worksheet();
    orders.set_name("Orders").unwrap();
    orders.write_string(2, 1, "order").unwrap();
    orders.write_string(2, 2, "amount").unwrap();
    orders.write_string(3, 1, "A-1").unwrap();
    orders.write_number(3, 2, 99.99).unwrap();

    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("Orders!$C$4:$C$4");
    book.add_chartsheet().set_name("Chart").unwrap().insert_chart(0, 0, &chart).unwrap();

    book.save_to_buffer().unwrap()
}

#[test]
fn xlsx_cells_come_out_as_a_person_reads_them() {
    let bytes = workbook();
    assert_eq!(sniff_format(&bytes), Some("xlsx"));
    let out = read_spreadsheet(&bytes, Some("Contacts"), None).unwrap();
    assert_eq!(out.format, "xlsx");
    assert_eq!(out.encoding, "");
    assert!(out.dialect.has_header);
    assert_eq!(out.sheet.as_deref(), Some("Contacts"));
    assert_eq!(
        headers(&out),
        [
            "name",
            "phone",
            "zip",
            "joined",
            "last_call",
            "vip",
            "score",
            "note",
            "column_9",
            "note_2",
            "column_11",
            "column_12"
        ]
    );
    assert_eq!(out.header_fixes.len(), 4, "{:?}", out.header_fixes);
    assert_eq!(
        cells(&out),
        [
            [
                "Alice Smith",
                "13800138000",
                "00123",
                "2024-01-05",
                "2024-01-05T13:45:00",
                "TRUE",
                "12.5",
                "",
                "x",
                "",
                "",
                ""
            ],
            ["张伟", "#N/A", "007", "13:45:00", "36:30:00", "FALSE", "0.3", "上海市 浦东新区", "", "", "", ""],
            ["Bob", "", "", "", "", "", "-7", "", "", "", "", "extra"],
        ]
    );
    assert_eq!(lines(&out), [2, 3, 5], "Excel's own row numbers; the blank row 4 is skipped");
    assert_eq!(out.rows_in, 3);
    assert!(out.rejected.is_empty());
    assert_eq!(out.problems.len(), 1);
    assert_eq!(out.problems[0].kind, "cell.error");
    assert_eq!(out.problems[0].line, 3);
    assert_eq!(out.problems[0].message, "cell B3 holds the spreadsheet error #N/A");
}

#[test]
fn the_default_sheet_is_the_first_visible_worksheet() {
    let bytes = workbook();
    assert_eq!(sheet_names(&bytes).unwrap(), ["Contacts", "Orders", "Lookup"], "visible first, no chart sheet");
    let out = read_spreadsheet(&bytes, None, None).unwrap();
    assert_eq!(out.sheet.as_deref(), Some("Contacts"));
    let hidden = read_spreadsheet(&bytes, Some("Lookup"), None).unwrap();
    assert_eq!(headers(&hidden), ["code"]);
    assert_eq!(hidden.rows_in, 0);
}

#[test]
fn a_second_sheet_is_read_by_name_from_where_its_data_starts() {
    let bytes = workbook();
    let out = read_spreadsheet(&bytes, Some("Orders"), Some(true)).unwrap();
    assert_eq!(out.sheet.as_deref(), Some("Orders"));
    assert_eq!(headers(&out), ["order", "amount"]);
    assert_eq!(cells(&out), [["A-1", "99.99"]]);
    assert_eq!(lines(&out), [4]);

    let same = read_spreadsheet(&bytes, Some("orders"), None).unwrap();
    assert_eq!(same.sheet.as_deref(), Some("Orders"), "names match ignoring case, as in Excel");
}

#[test]
fn without_a_header_every_row_is_data() {
    let out = read_spreadsheet(&workbook(), Some("Orders"), Some(false)).unwrap();
    assert!(!out.dialect.has_header);
    assert_eq!(headers(&out), ["column_1", "column_2"]);
    assert_eq!(cells(&out), [["order", "amount"], ["A-1", "99.99"]]);
    assert_eq!(lines(&out), [3, 4]);
    assert_eq!(out.rows_in, 2);
}

#[test]
fn missing_sheet_names_the_sheets_there_are() {
    let bytes = workbook();
    let err = read_spreadsheet(&bytes, Some("Leads"), None).unwrap_err().to_string();
    assert_eq!(
        err,
        "the spreadsheet could not be read: there is no sheet named \"Leads\"; the sheets are \"Contacts\", \"Orders\", \"Lookup\""
    );
    let err = read_spreadsheet(&bytes, Some("Chart"), None).unwrap_err().to_string();
    assert!(err.contains("\"Chart\" is a chart sheet"), "{err}");
}

#[test]
fn damaged_and_foreign_files_get_clear_errors() {
    let bytes = workbook();
    let cut = &bytes[..bytes.len() / 2];
    let err = read_spreadsheet(cut, None, None).unwrap_err().to_string();
    assert!(
        err.starts_with("the spreadsheet could not be read: the file is not an XLSX workbook or it is damaged ("),
        "{err}"
    );
    let err = sheet_names(cut).unwrap_err().to_string();
    assert!(err.contains("damaged"), "{err}");

    let mut garbage = b"PK\x03\x04".to_vec();
    garbage.extend(std::iter::repeat_n(0xAB, 500));
    assert!(read_spreadsheet(&garbage, None, None).unwrap_err().to_string().contains("damaged"));

    let err = read_spreadsheet(b"name,phone\nAnn,1\n", None, None).unwrap_err().to_string();
    assert_eq!(err, "the spreadsheet could not be read: this is not an XLSX, XLS or ODS workbook");
    assert_eq!(read_spreadsheet(b"", None, None).unwrap_err().to_string(), "the file is empty");

    // An OLE2 file that is no workbook (here: just the signature and zeros).
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.resize(4096, 0);
    assert_eq!(sniff_format(&ole), Some("xls"));
    let err = read_spreadsheet(&ole, None, None).unwrap_err().to_string();
    assert!(err.contains("not an XLS workbook or it is damaged"), "{err}");

    // A password-protected XLSX is an OLE2 file holding an "EncryptedPackage" stream.
    let mut encrypted = ole.clone();
    let name: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    encrypted[1024..1024 + name.len()].copy_from_slice(&name);
    let err = read_spreadsheet(&encrypted, None, None).unwrap_err().to_string();
    assert!(err.contains("password-protected"), "{err}");
}

#[test]
fn an_empty_sheet_is_an_error_that_names_it() {
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Empty").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let err = read_spreadsheet(&bytes, None, None).unwrap_err().to_string();
    assert_eq!(err, "the spreadsheet could not be read: the sheet \"Empty\" is empty");
}

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;

const ODS_CONTENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
 <office:body>
  <office:spreadsheet>
   <table:table table:name="客户">
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>phone</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>zip</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>joined</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>call</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>at</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>vip</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>score</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>王芳</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="13800138000"><text:p>13800138000</text:p></table:table-cell>
     <table:table-cell office:value-type="string"><text:p>00123</text:p></table:table-cell>
     <table:table-cell office:value-type="date" office:date-value="2024-01-05"><text:p>05/01/24</text:p></table:table-cell>
     <table:table-cell office:value-type="date" office:date-value="2024-01-05T13:45:00"><text:p>05/01/24 13:45</text:p></table:table-cell>
     <table:table-cell office:value-type="time" office:time-value="PT13H45M00S"><text:p>13:45</text:p></table:table-cell>
     <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>
     <table:table-cell office:value-type="float" office:value="12.5"><text:p>12.5</text:p></table:table-cell>
    </table:table-row>
    <table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="8"/></table:table-row>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>Bob</text:p></table:table-cell>
     <table:table-cell table:number-columns-repeated="6"/>
     <table:table-cell office:value-type="float" office:value="-1"><text:p>-1</text:p></table:table-cell>
    </table:table-row>
   </table:table>
   <table:table table:name="Other">
    <table:table-row><table:table-cell office:value-type="string"><text:p>only</text:p></table:table-cell></table:table-row>
   </table:table>
  </office:spreadsheet>
 </office:body>
</office:document-content>"#;

/// A minimal valid ODS: `mimetype` stored first, the manifest and the content.
fn ods() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(ODS_MANIFEST.as_bytes()).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    // Written the way LibreOffice writes it: no whitespace between elements.
    let content: String = ODS_CONTENT.lines().map(str::trim).collect();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn ods_cells_come_out_like_xlsx_cells() {
    let bytes = ods();
    assert_eq!(sniff_format(&bytes), Some("ods"));
    assert_eq!(sheet_names(&bytes).unwrap(), ["客户", "Other"]);
    let out = read_spreadsheet(&bytes, None, None).unwrap();
    assert_eq!(out.format, "ods");
    assert_eq!(out.sheet.as_deref(), Some("客户"));
    assert_eq!(headers(&out), ["姓名", "phone", "zip", "joined", "call", "at", "vip", "score"]);
    assert_eq!(
        cells(&out),
        [
            ["王芳", "13800138000", "00123", "2024-01-05", "2024-01-05T13:45:00", "13:45:00", "TRUE", "12.5"],
            ["Bob", "", "", "", "", "", "", "-1"],
        ]
    );
    assert_eq!(lines(&out), [2, 6]);

    let other = read_spreadsheet(&bytes, Some("Other"), Some(false)).unwrap();
    assert_eq!(cells(&other), [["only"]]);
}

/// An XLS (BIFF8) workbook written by Python's `xlwt` 1.3.0, zipped and in
/// base64 to keep it short. Sheet "Contacts": the header row name, phone, zip,
/// joined (yyyy-mm-dd), last_call (yyyy-mm-dd hh:mm:ss), vip, score, note; row 2
/// Alice Smith, 13800138000, "00123", 2024-01-05, 2024-01-05 13:45, TRUE, 12.5,
/// (empty); row 3 张伟, #N/A (an error cell), "007", (empty), (empty), FALSE, -7,
/// 上海市. Sheet "Orders": order / A-1.
const XLS_ZIP_BASE64: &[&str] = &[
    "UEsDBBQAAAAIANtjd10EaeEucAMAAAAWAAAFAAAAdC54bHPtWE1IVFEUPve9N3/+jONfpIENQmamoLkoBBs1ylVqRRQR2TjzwMn5",
    "kZmh0EVZ5iqCoFXRRrCgjRVEP9Sin02LwqhFEARa4KZVUNBCnb573ptptAkUSlDeN9xz7znn/px777nn3nlvp4qnx+9VztAS7CaV",
    "FlIusmfJBJIrzXgI+lRKFtO5EyllYU3B5cRG2m30pPC1Q+6h3O8ZUuiu9hyU6DPScRqkrlhU964iOtgGv5A2tAoNvqfQDSQ3VbBd",
    "JUwDTEuZ3uG6T5m2seQy01bUnRbHaMrXVbfL9OOjSjXr3KCCHnKbjyxponJ6Jf343BVh1LVRezzkD68XRZVWQBOEve7Uo3pc8kV0",
    "k/KIhoCGSKQhGKzSNtItrGqWyNvf3xKJtCQS01QGH5mgHykv0fd0MHjmteSrKxcE+c/Fcsdf5E5scC65C7u8VH5V0YhGKHVSyJMx",
    "hjD/RjNi+55YNOkPJBNjODW6GSu640E9npij81QEXiZUjvojuo1osB8hQyUaDg0iqJyKhaJ6ELdH2J9I9gb84TBUp0ODqJgIxOK6",
    "bBdL6vlE7eFQQPceioSS/VA2NjbtaIYp3t7N3apkd6ok8rrORJQT0Mbk+BC3NzTlycuJg5lnUTAr5CNeABqEgbJczAfdgynN3f72",
    "bn9fj6+XJSN8gRnX3Ba5DJTCxNACjd2sUSl9zdVxi+1ML3Cvm7hcybQMhw15TU+5Wdg3ynUusrYGPTQz3vu2ZpVrUR77euBR1dgX",
    "3zaUJztnhssmP/jGqRpbFUR7+RulelEvrl+TeOxL58IMiJ+YVvwRHJ2Kx7Q9Zd7lRTQvTz1QzNTg5OqIDKeYa2VwKjg1w2ngtAxn",
    "A2fLcHZw9gznAOcwbRDML7ZBsA1yVVWss2AbsBu1A/ddHYZe2iEfHmcVyamY64uXillbwwwPAyVVs202xcmBTs7BqCstuVRqjK3k",
    "mL/CY/MM0NbwjjphaOSo+RmNja2SvSrc6ywuT6OenF+BfDIpJfRAdojr5zdWwy+VjH6t+qXI6ZeFWV4jcnqNO73ulGvdLViwYMGC",
    "BQs5Iczng2q83fkRZ+dHmvFdZx5pwfpMsm5xkGL4JfEvcC9FkcdpaEX+s4FsIt2XWGab9PdCiSMYPU4D1Md2DKzYf/G8FNnzWXZD",
    "z787Qisdf2Eldv7n8X8BUEsBAhQDFAAAAAgA22N3XQRp4S5wAwAAABYAAAUAAAAAAAAAAAAAAKSBAAAAAHQueGxzUEsFBgAAAAAB",
    "AAEAMwAAAJMDAAAAAA==",
];

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    digits
        .chunks(4)
        .flat_map(|chunk| {
            let bits = chunk.iter().enumerate().fold(0u32, |acc, (i, &d)| acc | u32::from(d) << (18 - 6 * i));
            bits.to_be_bytes()[1..chunk.len()].to_vec()
        })
        .collect()
}

fn xls() -> Vec<u8> {
    let zipped = base64(&XLS_ZIP_BASE64.concat());
    let mut archive = zip::ZipArchive::new(Cursor::new(zipped)).unwrap();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name("t.xls").unwrap(), &mut bytes).unwrap();
    bytes
}

#[test]
fn xls_cells_come_out_like_xlsx_cells() {
    let bytes = xls();
    assert_eq!(sniff_format(&bytes), Some("xls"));
    assert_eq!(sheet_names(&bytes).unwrap(), ["Contacts", "Orders"]);
    let out = read_spreadsheet(&bytes, None, None).unwrap();
    assert_eq!(out.format, "xls");
    assert_eq!(out.sheet.as_deref(), Some("Contacts"));
    assert_eq!(headers(&out), ["name", "phone", "zip", "joined", "last_call", "vip", "score", "note"]);
    assert_eq!(
        cells(&out),
        [
            ["Alice Smith", "13800138000", "00123", "2024-01-05", "2024-01-05T13:45:00", "TRUE", "12.5", ""],
            ["张伟", "#N/A", "007", "", "", "FALSE", "-7", "上海市"],
        ]
    );
    assert_eq!(lines(&out), [2, 3]);
    assert_eq!(out.problems.len(), 1);
    assert_eq!(out.problems[0].message, "cell B3 holds the spreadsheet error #N/A");

    let orders = read_spreadsheet(&bytes, Some("Orders"), None).unwrap();
    assert_eq!(cells(&orders), [["A-1"]]);
}

#[test]
fn sniffing_tells_the_formats_apart_by_their_first_bytes() {
    assert_eq!(sniff_format(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0"), Some("xls"));
    assert_eq!(sniff_format(&workbook()[..64]), Some("xlsx"));
    assert_eq!(sniff_format(&ods()[..100]), Some("ods"));
    assert_eq!(sniff_format(b"PK\x03\x04\x14\0\0\0\x08\0"), Some("xlsx"));
    assert_eq!(sniff_format(b"\xEF\xBB\xBFname,phone\n"), None);
    assert_eq!(sniff_format(b"%PDF-1.7"), None);
}
