//! A deterministic generator of realistic classification plans for
//! benchmarks and tests (`classplan bench-corpus`): jurisdictions, class
//! series with levels, duties and KSAs drawn from a varied vocabulary,
//! requirement routes of every kind, competency banks and models, and
//! bulletins with one to three filing periods and pay in every unit.
//! Requirements name classes the way real ones do, so the plan has a
//! promotion graph: each level of a series asks for experience as the level
//! below, some entry levels ask for experience "at the level of" a class of
//! another series, a few ask for experience in two classes, and in each
//! jurisdiction runs of 60 series chain one series' top level to the next
//! one's entry level (long chains). Every reference names an earlier class,
//! so the graph has no cycle and every class is reachable.
//!
//! Randomness is a small SplitMix64 generator so the same seed gives the
//! same plan on every platform and every version of every dependency.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail};

/// SplitMix64: tiny, fast, and stable forever (unlike `rand`'s StdRng).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

const FIELDS: &[&str] = &[
    "Accounting",
    "Building Inspection",
    "Customer Service",
    "Payroll",
    "Procurement",
    "Fleet Maintenance",
    "Water Quality",
    "Traffic Engineering",
    "Library Services",
    "Recreation",
    "Information Technology",
    "Housing",
    "Public Health",
    "Code Enforcement",
    "Parking",
    "Emergency Dispatch",
    "Grants Administration",
    "Records Management",
    "Wastewater",
    "Animal Services",
    "Park Maintenance",
    "Transit Operations",
    "Property Appraisal",
    "Benefits Administration",
    "Environmental Compliance",
    "Risk Management",
    "Zoning",
    "Elections",
    "Street Services",
    "Airport Operations",
];
const ROLES: &[&str] = &[
    "Technician",
    "Specialist",
    "Analyst",
    "Assistant",
    "Officer",
    "Coordinator",
    "Inspector",
    "Supervisor",
    "Clerk",
    "Worker",
];
const VERBS: &[&str] = &[
    "Prepares",
    "Reviews",
    "Inspects",
    "Maintains",
    "Processes",
    "Coordinates",
    "Analyzes",
    "Schedules",
    "Investigates",
    "Responds to",
    "Compiles",
    "Verifies",
    "Monitors",
    "Operates",
    "Trains",
    "Drafts",
    "Calculates",
    "Explains",
    "Records",
    "Evaluates",
    "Assists with",
    "Audits",
    "Negotiates",
    "Issues",
    "Updates",
];
const OBJECTS: &[&str] = &[
    "permit applications",
    "budget reports",
    "customer inquiries",
    "work orders",
    "field inspections",
    "purchase orders",
    "payroll records",
    "water samples",
    "traffic counts",
    "case files",
    "billing adjustments",
    "grant proposals",
    "inventory records",
    "vehicle maintenance logs",
    "public complaints",
    "contract documents",
    "service requests",
    "meeting minutes",
    "survey data",
    "safety plans",
    "license renewals",
    "statistical summaries",
    "correspondence",
    "equipment calibrations",
    "training materials",
];
// One with a typographic apostrophe: real plans' text goes beyond ASCII
// (curly quotes, dashes, accented names), and so do most of these
// sources (every path that treats such text apart is then measured).
const QUALIFIERS: &[&str] = &[
    "in accordance with departmental procedures",
    "for accuracy and completeness",
    "using computerized information systems",
    "in person and by telephone",
    "to ensure compliance with applicable codes",
    "under general supervision",
    "for the division’s manager",
    "to resolve problems and discrepancies",
    "according to established schedules",
    "in coordination with other City departments",
];
const KNOWLEDGE: &[&str] = &[
    "principles and practices of public administration",
    "applicable federal, state and local laws",
    "office procedures and practices",
    "basic mathematics and statistics",
    "customer service techniques",
    "safety practices and procedures",
    "modern record keeping methods",
    "computer applications used in the work",
    "principles of budgeting",
    "report writing techniques",
    "methods of inspection",
    "contract administration",
];
const ABILITIES: &[&str] = &[
    "communicate effectively orally and in writing",
    "deal tactfully with the public",
    "work independently",
    "exercise sound judgment",
    "read and interpret technical documents",
    "maintain accurate records",
    "work under pressure",
    "follow oral and written directions",
    "operate a personal computer",
    "establish effective working relationships",
    "prioritize work assignments",
    "make arithmetic computations",
];
const CITIES: &[(&str, &str, &str)] = &[
    ("Springfield", "IL", "America/Chicago"),
    ("Riverside", "CA", "America/Los_Angeles"),
    ("Fairview", "OR", "America/Los_Angeles"),
    ("Madison", "WI", "America/Chicago"),
    ("Georgetown", "TX", "America/Chicago"),
    ("Franklin", "TN", "America/Chicago"),
    ("Clinton", "NY", "America/New_York"),
    ("Salem", "MA", "America/New_York"),
    ("Greenville", "SC", "America/New_York"),
    ("Bristol", "CT", "America/New_York"),
];
const LEVELS: &[&str] = &["I", "II", "III"];

fn q(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_string()
}

fn sentence(r: &mut Rng) -> String {
    format!("{} {} {}", r.pick(VERBS), r.pick(OBJECTS), r.pick(QUALIFIERS))
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct CorpusSpec {
    pub classes: usize,
    pub bulletins: usize,
    pub jurisdictions: usize,
    pub seed: u64,
}

/// Write a plan into `dir`, which must not exist (or be empty). The plan
/// is written into a sibling temporary directory and renamed into place,
/// so an interrupted run never leaves a half-written corpus at `dir`.
pub fn generate(spec: &CorpusSpec, dir: &Path) -> anyhow::Result<()> {
    if spec.classes == 0 || spec.jurisdictions == 0 {
        bail!("a corpus needs at least one class and one jurisdiction");
    }
    if spec.jurisdictions > CITIES.len() {
        bail!("at most {} jurisdictions (got {})", CITIES.len(), spec.jurisdictions);
    }
    if spec.jurisdictions > spec.classes {
        bail!(
            "more jurisdictions ({}) than classes ({})",
            spec.jurisdictions,
            spec.classes
        );
    }
    if spec.classes > 1_000_000 || spec.bulletins > 1_000_000 {
        bail!("at most 1,000,000 classes and bulletins");
    }
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        bail!(
            "{} already exists and is not empty; choose a new directory",
            dir.display()
        );
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let tmp = tempfile::Builder::new()
        .prefix(".classplan-corpus-")
        .tempdir_in(parent)?;
    write_plan(spec, tmp.path())?;
    if dir.exists() {
        std::fs::remove_dir(dir).with_context(|| format!("cannot replace empty {}", dir.display()))?;
    }
    let tmp_path = tmp.keep();
    std::fs::rename(&tmp_path, dir).with_context(|| format!("cannot move the corpus into {}", dir.display()))?;
    Ok(())
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p)?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// The class references of a class's first experience item, as TOML keys
/// to append to its inline table (empty for none). `earlier` holds the
/// titles of the jurisdiction's classes written so far; `prev_top` the top
/// level of the previous series when this entry level continues a chain.
/// Draws only from its own generator, so the rest of the plan is the same
/// as without references.
fn class_refs_toml(
    r: &mut Rng,
    level: usize,
    prev_level: Option<&str>,
    prev_top: Option<&str>,
    earlier: &[String],
) -> String {
    let one = |t: &str| format!("{{ title = {} }}", q(t));
    match (prev_level, prev_top) {
        (Some(below), _) => {
            // One in ten levels also takes experience in another class.
            if level > 0 && !earlier.is_empty() && r.below(10) == 0 {
                let other = r.pick(earlier).as_str();
                if other != below {
                    return format!(", in_classes = [{}, {}]", one(below), one(other));
                }
            }
            format!(", in_classes = [{}]", one(below))
        }
        (None, Some(top)) => format!(", in_classes = [{}]", one(top)),
        (None, None) if !earlier.is_empty() && r.below(8) == 0 => {
            format!(", at_level_of = {}", one(r.pick(earlier).as_str()))
        }
        _ => String::new(),
    }
}

/// Series of a jurisdiction whose entry level continues the previous
/// series' chain: 59 of every 250 (long chains of about 120 classes).
fn continues_chain(series_no: usize) -> bool {
    (1..60).contains(&(series_no % 250))
}

fn write_plan(spec: &CorpusSpec, root: &Path) -> anyhow::Result<()> {
    let mut r = Rng::new(spec.seed);
    // References draw from their own generator: the plan's other content
    // is what it was before classes named each other.
    let mut refs_rng = Rng::new(spec.seed ^ 0x00C0_FFEE_CA4E_E417);
    let mut class_refs: Vec<(String, String, String)> = Vec::new(); // (jurisdiction, code, title)
    for jn in 0..spec.jurisdictions {
        let (city, region, tz) = CITIES[jn];
        let id = format!("{}-city", city.to_lowercase());
        let unit = ["hourly", "biweekly", "monthly", "annual"][jn % 4];
        write(
            &root.join(format!("specs/{id}/jurisdiction.toml")),
            &format!(
                "id = {}\nname = {}\nauthority = \"Civil Service Commission\"\ntime_zone = {}\ntime_zone_label = \"local time\"\nlocation = {{ locality = {}, region = {} }}\n\n[style]\nnumbers = {}\n\n[bulletins]\nblocks = [\"eeo\"]\n\n[blocks.eeo]\ntext = \"The City of {city} is an equal opportunity employer.\"\n",
                q(&id),
                q(&format!("City of {city}")),
                q(tz),
                q(city),
                q(region),
                q(["words", "words-and-digits", "digits"][jn % 3])
            ),
        )?;
        // Competency bank: 40 competencies with three levels each.
        let mut bank = String::new();
        for n in 1..=40u32 {
            let _ = write!(
                bank,
                "[[competencies]]\nnumber = {n}\ntitle = {}\ndefinition = {}\nlevels = [{}, {}, {}]\nindicators = [{}, {}]\nsatisfactory = {}\nsuperior = {}\n\n",
                q(&format!("Competency {n}: {}", KNOWLEDGE[n as usize % KNOWLEDGE.len()])),
                q(&format!(
                    "Applies {} in daily work.",
                    KNOWLEDGE[n as usize % KNOWLEDGE.len()]
                )),
                q(&sentence(&mut r)),
                q(&sentence(&mut r)),
                q(&sentence(&mut r)),
                q(&sentence(&mut r)),
                q(&sentence(&mut r)),
                q(&sentence(&mut r)),
                q(&sentence(&mut r)),
            );
        }
        write(&root.join(format!("specs/{id}/competency-bank.toml")), &bank)?;
        let share = spec.classes / spec.jurisdictions + usize::from(jn < spec.classes % spec.jurisdictions);
        let mut made = 0;
        let mut series_no = 0;
        let mut earlier: Vec<String> = Vec::new();
        let mut prev_top: Option<String> = None;
        while made < share {
            let field = FIELDS[series_no % FIELDS.len()];
            let role = ROLES[(series_no / FIELDS.len()) % ROLES.len()];
            let series = if series_no < FIELDS.len() * ROLES.len() {
                format!("{field} {role}")
            } else {
                format!("{field} {role} {}", series_no / (FIELDS.len() * ROLES.len()))
            };
            let levels = r.range(1, 3).min(share - made);
            for (lv, level_name) in LEVELS.iter().enumerate().take(levels) {
                let code = format!("{}", 1000 + series_no * 3 + lv);
                let title = if levels > 1 {
                    format!("{series} {level_name}")
                } else {
                    series.clone()
                };
                let chain_from = prev_top.as_deref().filter(|_| lv == 0 && continues_chain(series_no));
                let prev_level = (lv > 0).then(|| earlier.last().map(String::as_str)).flatten();
                let refs = class_refs_toml(&mut refs_rng, lv, prev_level, chain_from, &earlier);
                write_class(
                    &mut r,
                    root,
                    &id,
                    &code,
                    &title,
                    &series,
                    lv,
                    levels,
                    unit,
                    made % 3 == 0,
                    &refs,
                )?;
                earlier.push(title.clone());
                class_refs.push((id.clone(), code, title));
                made += 1;
            }
            prev_top = earlier.last().cloned();
            series_no += 1;
        }
    }
    for bn in 0..spec.bulletins {
        let (j, code, title) = &class_refs[bn % class_refs.len()];
        let year = 2020 + (bn / class_refs.len()) as i32;
        let periods = r.range(1, 3);
        let mut text = format!(
            "class = {}\njob_number = {}\ndepartment = {}\njob_type = {}\nbasis = [\"open-competitive\"]\nrevised = {year}-01-{:02}\nsalary_notes = [\"Pay is subject to change.\"]\n\n",
            q(&format!("{j}/{code}")),
            q(&format!("{code} {year} {bn}")),
            q(&format!("{} Department", title.split(' ').next().unwrap_or("General"))),
            q(["full-time", "part-time", "temporary"][bn % 3]),
            1 + bn % 28,
        );
        let unit = ["hourly", "biweekly", "monthly", "annual"][bn % 4];
        let base = match unit {
            "hourly" => 25.0 + (bn % 20) as f64,
            "biweekly" => 2000.0 + (bn % 20) as f64 * 50.0,
            "monthly" => 4500.0 + (bn % 20) as f64 * 100.0,
            _ => 55000.0 + (bn % 20) as f64 * 1000.0,
        };
        let _ = write!(
            text,
            "[[pay]]\nmin = {base:.2}\nmax = {:.2}\nunit = {}\n\n",
            base * 1.3,
            q(unit)
        );
        for p in 0..periods {
            let month = 1 + p * 4;
            let _ = write!(
                text,
                "[[periods]]\nopen = {year}-{month:02}-05T08:00:00\nclose = {year}-{month:02}-19T23:59:00\ntest_window = {{ start = {year}-{:02}-10, end = {year}-{:02}-14 }}\n\n",
                month + 1,
                month + 1
            );
        }
        let _ = write!(
            text,
            "[application]\nhow = \"Apply on-line at the City's job site.\"\ndeadline_intro = \"Applications are accepted on the dates below:\"\n\n[selection]\nwindow_test = \"written test\"\ncomponents = [\n  {{ name = \"Written Test\", weight = \"qualifying\" }},\n  {{ name = \"Interview\", weight = 60 }},\n  {{ name = \"Training and Experience\", weight = 40 }},\n]\ntext = [{}]\n\n[questionnaire]\nretake = {{ test = \"written test\", months = 12 }}\n",
            q(&format!(
                "The examination will test knowledge of {}.",
                r.pick(KNOWLEDGE)
            ))
        );
        write(&root.join(format!("bulletins/{j}/{code}-{year}-{bn}.toml")), &text)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_class(
    r: &mut Rng,
    root: &Path,
    j: &str,
    code: &str,
    title: &str,
    series: &str,
    level: usize,
    levels: usize,
    unit: &str,
    model: bool,
    refs: &str,
) -> anyhow::Result<()> {
    let mut t = format!(
        "code = {}\ntitle = {}\nseries = {{ name = {}, level = {}, levels = {levels} }}\n",
        q(code),
        q(title),
        q(series),
        level + 1
    );
    let _ = writeln!(
        t,
        "summary = {}",
        q(&format!(
            "Performs {} work involving {}, {} and related duties; and does related work.",
            series.to_lowercase(),
            r.pick(OBJECTS),
            r.pick(OBJECTS)
        ))
    );
    let _ = writeln!(
        t,
        "distinguishing_features = {}",
        q(&format!(
            "This is the {} level of the {series} series. {}.",
            ["entry", "journey", "advanced"][level.min(2)],
            sentence(r)
        ))
    );
    let _ = writeln!(t, "duties_intro = {}", q(&format!("A {title}:")));
    let n = r.range(8, 20);
    let mut used = std::collections::BTreeSet::new();
    t.push_str("duties = [\n");
    let mut k = 0;
    while k < n {
        // One duty per object, so no two duties are near duplicates.
        let (verb, object) = (r.pick(VERBS), r.pick(OBJECTS));
        let d = format!("{verb} {object} {};", r.pick(QUALIFIERS));
        if used.insert(object) {
            let _ = writeln!(t, "  {},", q(&d));
            k += 1;
        }
    }
    t.push_str("]\n");
    let pick_list = |r: &mut Rng, from: &[&str], n: usize| -> Vec<String> {
        let start = r.below(from.len());
        (0..n.min(from.len()))
            .map(|i| from[(start + i) % from.len()].to_string())
            .collect()
    };
    let _ = writeln!(
        t,
        "knowledge = [{}]",
        pick_list(r, KNOWLEDGE, 5)
            .iter()
            .map(|s| q(&format!("{s};")))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        t,
        "abilities = [{}]",
        pick_list(r, ABILITIES, 6)
            .iter()
            .map(|s| q(&format!("{s};")))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(t, "physical_requirements = \"Ability to lift 20 pounds occasionally.\"");
    let base = match unit {
        "hourly" => 20.0 + level as f64 * 4.0,
        "biweekly" => 1800.0 + level as f64 * 300.0,
        "monthly" => 4000.0 + level as f64 * 600.0,
        _ => 48000.0 + level as f64 * 7000.0,
    };
    let _ = write!(
        t,
        "\n[[pay]]\nmin = {base:.2}\nmax = {:.2}\nunit = {}\n",
        base * 1.35,
        q(unit)
    );
    // Requirements: every kind of item appears across the plan.
    let kinds = r.below(4);
    t.push_str("\n[requirements]\n");
    match kinds {
        0 => t.push_str(&format!("expression = \"1 or 2\"\n\n[[requirements.routes]]\nitems = [{{ type = \"experience\", amount = 2, unit = \"years\", paid = true, kind = \"clerical\"{refs} }}]\n\n[[requirements.routes]]\nitems = [{{ type = \"education\", level = \"associate degree\", major = \"business\" }}]\n\n[requirements.filing_short]\namount = 6\nunit = \"months\"\nroutes = [\"1\"]\n")),
        1 => t.push_str(&format!("expression = \"1 or (2 and 3)\"\n\n[[requirements.routes]]\nitems = [{{ type = \"experience\", amount = 1, unit = \"years\", paid = true, kind = \"customer service\"{refs} }}]\n\n[[requirements.routes]]\nitems = [{{ type = \"experience\", amount = 6, unit = \"months\", cumulative_hours = 960, paid = true, with = \"with the City\" }}]\n\n[[requirements.routes]]\nitems = [{{ type = \"course\", name = \"Ordinance class\", provider = \"City Finance Office\", length = {{ amount = 4, unit = \"weeks\" }}, certificate = true }}]\n")),
        2 => t.push_str(&format!("[[requirements.routes]]\nitems = [{{ type = \"experience\", amount = 1040, unit = \"hours\", stated_hours = 1040, verifiable = true, kind = \"field\"{refs} }}, {{ type = \"license\", name = \"valid driver's license\" }}]\n")),
        _ => t.push_str(&format!("expression = \"1 or 2\"\n\n[[requirements.routes]]\nitems = [{{ type = \"education\", level = \"bachelor's degree\", semester_units = 120 }}]\n\n[[requirements.routes]]\nparts_lead = \"one of the following:\"\n\n[[requirements.routes.parts]]\nitems = [{{ type = \"experience\", amount = 4, unit = \"years\", basis = \"any\", kind = \"progressively responsible\"{refs} }}]\n\n[[requirements.routes.parts]]\nitems = [{{ type = \"experience\", amount = 2, unit = \"years\", kind = \"supervisory\" }}, {{ type = \"education\", level = \"associate degree\" }}]\n\n[[requirements.substitutions]]\noffered = {{ type = \"experience\", kind = \"professional\" }}\nreplaces = \"education\"\nroutes = [\"1\"]\nyear_for_year = true\n")),
    }
    let _ = write!(
        t,
        "\n[[history]]\nevent = \"established\"\ndate = {}-0{}-1{}\n",
        1990 + r.below(20),
        1 + r.below(9),
        r.below(10)
    );
    write(&root.join(format!("specs/{j}/classes/{code}.toml")), &t)?;
    if model {
        let mut m = format!("class = {}\ncompetencies = [\n", q(code));
        let mut nums: Vec<u32> = (0..6).map(|_| 1 + r.below(40) as u32).collect();
        nums.sort_unstable();
        nums.dedup();
        for n in nums {
            let _ = writeln!(m, "  {{ number = {n}, level = {} }},", 1 + r.below(3));
        }
        m.push_str("]\n");
        write(&root.join(format!("specs/{j}/competency-models/{code}.toml")), &m)?;
    }
    Ok(())
}
