//! `classplan export`: the plan as tables other tools read — the City of
//! Los Angeles' 2019 data-competition layout ([`kaggle`]), and the plan
//! inventory analysts keep in spreadsheets ([`inventory`], as CSV or
//! JSON). Rows come from the model and the phrases `derive` computes; the
//! order is deterministic (jurisdiction, code, bulletin id).

pub mod inventory;
pub mod kaggle;

/// CSV text from a header and rows: the `csv` crate quotes as needed, and
/// cells a spreadsheet would run as a formula are neutralised
/// ([`crate::text::csv_cell`]).
pub fn csv_text(header: &[&str], rows: &[Vec<String>]) -> anyhow::Result<String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(r.iter().map(|c| crate::text::csv_cell(c).into_owned()))?;
    }
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(String::from_utf8(bytes)?)
}
