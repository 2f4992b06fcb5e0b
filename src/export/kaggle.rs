//! `export --format kaggle-la`: the 25-column CSV of the City of Los
//! Angeles' 2019 data competition ("Data Science for Good"), one row per
//! requirement set and lettered sub-requirement of each bulletin. Every
//! column is computed from the model; docs/export.md says how.

use chrono::NaiveDate;

use crate::derive::requirements::fte_months;
use crate::model::bulletin::ExamBasis;
use crate::model::requirements::{Basis, Item, Need, Requirements};
use crate::model::{Bulletin, ClassKey, ClassSpec, Plan};

pub const COLUMNS: [&str; 25] = [
    "FILE_NAME",
    "JOB_CLASS_TITLE",
    "JOB_CLASS_NO",
    "REQUIREMENT_SET_ID",
    "REQUIREMENT_SUBSET_ID",
    "JOB_DUTIES",
    "EDUCATION_YEARS",
    "SCHOOL_TYPE",
    "EDUCATION_MAJOR",
    "EXPERIENCE_LENGTH",
    "FULL_TIME_PART_TIME",
    "EXP_JOB_CLASS_TITLE",
    "EXP_JOB_CLASS_ALT_RESP",
    "EXP_JOB_CLASS_FUNCTION",
    "COURSE_COUNT",
    "COURSE_LENGTH",
    "COURSE_SUBJECT",
    "MISC_COURSE_DETAILS",
    "DRIVERS_LICENSE_REQ",
    "DRIV_LIC_TYPE",
    "ADDTL_LIC",
    "EXAM_TYPE",
    "ENTRY_SALARY_GEN",
    "ENTRY_SALARY_DWP",
    "OPEN_DATE",
];

/// Several values in one cell.
const SEP: &str = "|";

fn push(v: &mut Vec<String>, s: impl Into<String>) {
    let s = s.into();
    if !s.is_empty() && !v.contains(&s) {
        v.push(s);
    }
}

/// Years as the competition writes them: "2", "0.5", "1.5".
fn years(months: f64) -> String {
    let y = (months / 12.0 * 100.0).round() / 100.0;
    if y.fract() == 0.0 {
        format!("{}", y as i64)
    } else {
        format!("{y}")
    }
}

/// Plain text of Markdown free text, on one line.
fn plain(md: &str) -> String {
    crate::render::markdown::to_text(md)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// "49903-72996", or "72182" for a flat amount.
fn range(r: &crate::model::PayRange) -> String {
    let f = |x: f64| {
        if x.fract() == 0.0 {
            format!("{}", x as i64)
        } else {
            format!("{x:.2}")
        }
    };
    match &r.max {
        Some(max) => format!("{}-{}", f(*r.min), f(**max)),
        None => f(*r.min),
    }
}

/// The columns a bulletin has once (title, duties, licenses, pay, ...).
struct Common {
    file: String,
    title: String,
    code: String,
    duties: String,
    drivers: String,
    driv_type: String,
    addtl: String,
    exam: String,
    salary_gen: String,
    salary_dwp: String,
    open: String,
}

fn exam_type(basis: &[ExamBasis]) -> &'static str {
    let open = basis.contains(&ExamBasis::OpenCompetitive);
    let inter = basis.contains(&ExamBasis::InterdepartmentalPromotional);
    let dept = basis.contains(&ExamBasis::DepartmentalPromotional);
    match (open, inter, dept) {
        (true, true, _) | (true, _, true) => "OPEN_INT_PROM",
        (false, true, _) => "INT_DEPT_PROM",
        (false, false, true) => "DEPT_PROM",
        _ => "OPEN",
    }
}

/// Licenses named anywhere the class or bulletin types them: the
/// requirement items and the class's licenses.
fn licenses<'a>(c: &'a ClassSpec, r: Option<&'a Requirements>) -> Vec<&'a crate::model::requirements::License> {
    let mut v: Vec<&crate::model::requirements::License> = c.licenses.iter().collect();
    if let Some(r) = r {
        for (_, it) in crate::derive::requirements::items_with_refs(r) {
            if let Item::License(l) = it {
                v.push(l);
            }
        }
    }
    v
}

fn is_driver(name: &str) -> bool {
    name.to_ascii_lowercase().contains("driver")
}

fn common(id: &str, b: &Bulletin, c: &ClassSpec, r: Option<&Requirements>) -> Common {
    let lic = licenses(c, r);
    let drivers: Vec<_> = lic.iter().filter(|l| is_driver(&l.name)).collect();
    // Required when any driver's license is required; "P" when only
    // possibly ("may be required").
    let drivers_req = if drivers.iter().any(|l| l.need == Need::Required) {
        "R"
    } else if drivers.is_empty() {
        ""
    } else {
        "P"
    };
    let mut classes: Vec<String> = Vec::new();
    for l in &drivers {
        let lower = l.name.to_ascii_lowercase();
        if let Some(i) = lower.find("class ") {
            for w in lower[i + 6..].split(|ch: char| !ch.is_ascii_alphabetic()) {
                if w.len() == 1 && "abc".contains(w) {
                    push(&mut classes, w.to_ascii_uppercase());
                } else if w != "or" && !w.is_empty() {
                    break;
                }
            }
        }
    }
    classes.sort();
    let mut addtl = Vec::new();
    for l in lic.iter().filter(|l| !is_driver(&l.name)) {
        push(&mut addtl, l.name.clone());
    }
    let general = b
        .pay
        .iter()
        .chain(c.pay.iter())
        .find(|p| p.schedule.is_none())
        .map(range);
    let dwp = b
        .pay
        .iter()
        .chain(c.pay.iter())
        .find(|p| p.schedule.as_deref().is_some_and(|s| s.contains("Water and Power")))
        .map(range);
    let open: Option<NaiveDate> = b
        .posted
        .as_ref()
        .map(|d| d.value.0)
        .or_else(|| b.periods.iter().map(|p| p.open.value.date()).min());
    Common {
        file: b
            .imported
            .as_ref()
            .map(|p| p.file.clone())
            .unwrap_or_else(|| format!("{id}.toml")),
        title: c.title.value.clone(),
        code: c.code.to_string(),
        duties: plain(b.duties.as_deref().map(String::as_str).unwrap_or(&c.summary)),
        drivers: drivers_req.into(),
        driv_type: classes.join(" OR "),
        addtl: addtl.join(SEP),
        exam: exam_type(&b.basis).into(),
        salary_gen: general.unwrap_or_default(),
        salary_dwp: dwp.unwrap_or_default(),
        open: open.map(|d| d.format("%m-%d-%y").to_string()).unwrap_or_default(),
    }
}

/// The requirement columns of one row: the items of a route, or of a
/// route and one of its lettered parts.
fn requirement_columns(items: &[&Item], hours: f64) -> [String; 12] {
    let mut edu_years = Vec::new();
    let mut school = Vec::new();
    let mut major = Vec::new();
    let mut exp_months: Option<f64> = None;
    let mut basis = Vec::new();
    let mut titles = Vec::new();
    let mut alt = Vec::new();
    let mut function = Vec::new();
    let mut course_count = Vec::new();
    let mut course_length = Vec::new();
    let mut course_subject = Vec::new();
    let mut misc = Vec::new();
    for it in items {
        match it {
            Item::Experience(e) => {
                // The amount as stated ("six months of full-time or 960
                // cumulative hours" is half a year).
                let stated = match (e.amount, e.unit) {
                    (Some(n), Some(u)) => Some(crate::derive::requirements::length_months(
                        &crate::model::requirements::Length { amount: n, unit: u },
                        hours,
                    )),
                    _ => fte_months(e, hours),
                };
                if let Some(m) = stated {
                    exp_months = Some(exp_months.map_or(m, |x: f64| x.max(m)));
                }
                match e.basis {
                    Basis::FullTime => push(&mut basis, "FULL_TIME"),
                    Basis::PartTime => push(&mut basis, "PART_TIME"),
                    Basis::Any => {}
                }
                for c in &e.in_classes {
                    push(&mut titles, c.title.clone());
                }
                if let Some(l) = &e.at_level_of {
                    push(&mut titles, l.title.clone());
                }
                if let Some(w) = &e.or_at_that_level {
                    push(&mut alt, format!("in a {w} at that level"));
                }
                let what: Vec<&str> = [e.kind.as_deref(), e.program.as_deref(), e.doing.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                if !what.is_empty() {
                    push(&mut function, what.join(" "));
                }
                if !e.areas.is_empty() {
                    push(&mut function, e.areas.join("; "));
                }
            }
            Item::Education(e) => {
                let lv = e.level.to_ascii_lowercase();
                let y = e.years.or(if lv.contains("bachelor") {
                    Some(4)
                } else if lv.contains("associate") {
                    Some(2)
                } else {
                    None
                });
                if let Some(y) = y {
                    push(&mut edu_years, y.to_string());
                }
                let kind = if lv.contains("high school") {
                    "HIGH SCHOOL"
                } else if e
                    .from
                    .as_deref()
                    .is_some_and(|f| f.to_ascii_lowercase().contains("trade school"))
                {
                    "TRADE SCHOOL"
                } else {
                    "COLLEGE OR UNIVERSITY"
                };
                push(&mut school, kind);
                if let Some(m) = &e.major {
                    if e.semester_units.is_some() && !lv.contains("degree") {
                        push(&mut course_subject, m.clone());
                    } else {
                        push(&mut major, m.clone());
                    }
                }
                if let (Some(s), q) = (e.semester_units, e.quarter_units) {
                    push(
                        &mut course_length,
                        match q {
                            Some(q) => format!("{s}S{SEP}{q}Q"),
                            None => format!("{s}S"),
                        },
                    );
                }
            }
            Item::Course(c) => {
                let lower = c.name.as_deref().unwrap_or("").to_ascii_lowercase();
                if lower.contains("apprenticeship") {
                    push(&mut school, "APPRENTICESHIP");
                }
                // A count of courses, or one named course or class; an
                // apprenticeship or program is not a course count.
                let named_course = lower.contains("course") || lower.contains("class");
                if let Some(n) = c.count.or(named_course.then_some(1)) {
                    push(&mut course_count, n.to_string());
                }
                if let (Some(s), q) = (c.semester_units_each, c.quarter_units_each) {
                    push(
                        &mut course_length,
                        match q {
                            Some(q) => format!("{s}S{SEP}{q}Q"),
                            None => format!("{s}S"),
                        },
                    );
                }
                if let Some(s) = &c.subject {
                    push(&mut course_subject, s.clone());
                }
                let mut detail = Vec::new();
                if let Some(n) = &c.name {
                    detail.push(n.clone());
                }
                if let Some(l) = &c.length {
                    detail.push(crate::derive::phrase::duration_adjective(l.amount, l.unit));
                }
                if let Some(p) = &c.provider {
                    detail.push(format!("provided by {p}"));
                }
                push(&mut misc, detail.join(", "));
            }
            _ => {}
        }
    }
    [
        edu_years.join(SEP),
        school.join(SEP),
        major.join(SEP),
        exp_months.map(years).unwrap_or_default(),
        basis.join(SEP),
        titles.join(SEP),
        alt.join(SEP),
        function.join(SEP),
        course_count.join(SEP),
        course_length.join(SEP),
        course_subject.join(SEP),
        misc.join(SEP),
    ]
}

/// Every row, bulletin by bulletin in id order.
pub fn rows(plan: &Plan) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (id, b) in &plan.bulletins {
        let Some(key) = ClassKey::parse(&b.class) else { continue };
        let Some((j, c)) = plan.class(&key) else { continue };
        let hours = j.def.pay.hours_per_year;
        let r = plan.bulletin_requirements(b);
        let cm = common(id, b, c, r);
        let mut row = |set: String, subset: String, items: Vec<&Item>| {
            let req = requirement_columns(&items, hours);
            let mut v = vec![
                cm.file.clone(),
                cm.title.clone(),
                cm.code.clone(),
                set,
                subset,
                cm.duties.clone(),
            ];
            v.extend(req[..8].iter().cloned());
            v.extend(req[8..].iter().cloned());
            v.extend([
                cm.drivers.clone(),
                cm.driv_type.clone(),
                cm.addtl.clone(),
                cm.exam.clone(),
                cm.salary_gen.clone(),
                cm.salary_dwp.clone(),
                cm.open.clone(),
            ]);
            out.push(v);
        };
        let Some(r) = r else {
            row(String::new(), String::new(), Vec::new());
            continue;
        };
        for (i, route) in r.routes.iter().enumerate() {
            let own: Vec<&Item> = route.items.iter().map(|x| &x.value).collect();
            if route.parts.is_empty() {
                row((i + 1).to_string(), String::new(), own);
            } else {
                for (p, part) in route.parts.iter().enumerate() {
                    let mut items = own.clone();
                    items.extend(part.items.iter().map(|x| &x.value));
                    let letter = ((b'a' + p.min(25) as u8) as char).to_string();
                    row((i + 1).to_string(), letter, items);
                }
            }
        }
    }
    out
}

/// The CSV document.
pub fn csv(plan: &Plan) -> anyhow::Result<String> {
    super::csv_text(&COLUMNS, &rows(plan))
}
