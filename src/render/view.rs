//! View types: what every output format renders, and what the JSON outputs
//! publish. Built from the model plus derived text; stable and documented
//! (see docs/outputs.md). Templates read these, never the model.

use chrono::NaiveDate;
use serde::Serialize;

use super::DocPath;
use super::markdown::Md;
use crate::derive::periods::{PeriodInfo, PeriodStatus, basis_sentence};
use crate::derive::phrase::capitalize;
use crate::derive::questionnaire::{Question, final_questionnaire};
use crate::derive::requirements::{
    RouteText, allowance_sentences, by_kind, grouping_sentence, process_notes, resolve_text_refs, route_months,
    routes_text, substitution_sentence,
};
use crate::model::bulletin::{Bulletin, Weight};
use crate::model::class::{ClassSpec, Event, State};
use crate::model::common::{Note, PayRange};
use crate::model::jurisdiction::{Block, Jurisdiction, NumberStyle, ResolvedLabels};
use crate::model::requirements::Item;
use crate::model::requirements::{ItemKind, Layout, Requirements};
use crate::model::{ClassKey, JurisdictionPlan, Plan};

/// Version of the view schema; bumped on any breaking change.
pub const VIEW_VERSION: &str = "classplan/1";

#[derive(Debug, Clone, Serialize)]
pub struct JurisdictionView {
    pub id: String,
    pub name: String,
    pub employer: String,
    pub authority: Option<String>,
    /// "Los Angeles, CA".
    pub location: String,
    pub locality: String,
    pub region: String,
    pub country: String,
    pub website: Option<String>,
    pub language: String,
    pub currency: String,
}

impl JurisdictionView {
    pub fn new(j: &Jurisdiction) -> Self {
        JurisdictionView {
            id: j.id.to_string(),
            name: j.name.clone(),
            employer: j.employer.clone().unwrap_or_else(|| j.name.clone()),
            authority: j.authority.clone(),
            location: format!("{}, {}", j.location.locality, j.location.region),
            locality: j.location.locality.clone(),
            region: j.location.region.clone(),
            country: j.location.country.clone(),
            website: j.website.clone(),
            language: j.language.clone(),
            currency: j.pay.currency.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub title: Option<String>,
    pub text: Md,
}

fn note(n: &Note) -> NoteView {
    NoteView {
        title: n.title.clone(),
        text: Md::new(&n.text),
    }
}

fn block(b: &Block) -> NoteView {
    NoteView {
        title: b.title.clone(),
        text: Md::new(&b.text),
    }
}

/// A section that may be present but empty (printed as an empty heading).
#[derive(Debug, Clone, Serialize)]
pub struct OptSection {
    pub label: String,
    pub text: Md,
    pub empty: bool,
}

fn opt_section(label: &str, text: Option<&str>) -> Option<OptSection> {
    text.map(|t| OptSection {
        label: label.to_string(),
        text: Md::new(t),
        empty: t.trim().is_empty(),
    })
}

use crate::derive::pay::PayWords;
pub use crate::derive::pay::{PayFigures as PayView, Salary};

/// Pay of a class or bulletin as printed, with its notes.
#[derive(Debug, Clone, Serialize)]
pub struct SalaryView {
    #[serde(flatten)]
    pub salary: Salary,
    pub notes: Vec<Md>,
}

fn salary(ranges: &[PayRange], reference: Option<&str>, notes: &[Md], w: &PayWords) -> Option<SalaryView> {
    crate::derive::pay::salary(ranges, reference, w).map(|salary| SalaryView {
        salary,
        notes: notes.to_vec(),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SupersededView {
    pub until: String,
    pub until_text: String,
    pub requirements: RequirementsView,
    pub reason: Option<Md>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindGroup {
    pub label: String,
    pub items: Vec<String>,
    pub lead: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequirementsView {
    pub label: String,
    pub intro: Option<Md>,
    pub layout: &'static str,
    /// The combining expression in canonical form, e.g. "1 or (2 and 3)".
    pub expression: String,
    /// How many distinct ways to qualify ("two distinct methods").
    pub methods: u64,
    pub routes: Vec<RouteText>,
    /// How the routes group, when the printed "or"/"and" cannot say it
    /// ("Applicants must meet either Requirement #1 or #2, and #3.").
    pub grouping: Option<String>,
    /// What may stand in for what the routes require, one sentence each.
    pub substitutions: Vec<String>,
    /// Filing allowances ("Applicants who lack six months or less ...");
    /// in a bulletin they open the process notes instead.
    pub allowances: Vec<String>,
    /// For the `by-kind` layout: Education / Experience / License headings.
    pub by_kind: Vec<KindGroup>,
    pub notes: Vec<Md>,
    /// Least experience of each route in full-time-equivalent months.
    pub route_months: Vec<Option<f64>>,
    /// The least experience any way to qualify accepts, in months (0 when
    /// one needs none); `None` when no route states experience.
    pub least_months: Option<f64>,
    /// What the routes require in education, one phrase per item.
    pub education: Vec<String>,
    /// A substitution lets experience stand in for education.
    pub experience_in_place_of_education: bool,
    /// The least experience as the text states it (an hours alternative
    /// not converted): what the job posting advertises.
    pub stated_months: Option<f64>,
}

fn requirements_view(
    r: &Requirements,
    label: &str,
    labels: &ResolvedLabels,
    style: NumberStyle,
    hours: f64,
) -> RequirementsView {
    let expr = r.expr().map(|e| e.to_string()).unwrap_or_default();
    let methods = r.expr().map(|e| e.methods()).unwrap_or(r.routes.len() as u64);
    RequirementsView {
        label: label.to_string(),
        intro: r.intro.as_deref().map(Md::new),
        layout: match r.layout {
            Layout::Numbered => "numbered",
            Layout::ByKind => "by-kind",
        },
        expression: expr,
        methods,
        routes: routes_text(r, style),
        grouping: grouping_sentence(r),
        substitutions: r
            .substitutions
            .iter()
            .map(|x| substitution_sentence(x, style))
            .collect(),
        allowances: allowance_sentences(r, style),
        by_kind: if r.layout == Layout::ByKind {
            by_kind(r, style)
                .into_iter()
                .map(|(kind, items, lead)| KindGroup {
                    label: match kind {
                        ItemKind::Education => labels.education.clone(),
                        ItemKind::Experience => labels.experience.clone(),
                        ItemKind::License => labels.licenses_and_certificates.clone(),
                    },
                    items,
                    lead,
                })
                .collect()
        } else {
            Vec::new()
        },
        notes: r.notes.iter().map(|n| Md::new(&resolve_text_refs(n))).collect(),
        route_months: r.routes.iter().map(|route| route_months(route, hours)).collect(),
        least_months: crate::derive::requirements::least_months(r, hours),
        stated_months: crate::derive::requirements::least_stated_months(r, hours),
        education: crate::derive::requirements::items_with_refs(r)
            .into_iter()
            .filter_map(|(_, i)| match i {
                Item::Education(e) => Some(capitalize(&crate::derive::requirements::education_phrase(e, style))),
                _ => None,
            })
            .collect(),
        experience_in_place_of_education: r.substitutions.iter().any(|x| {
            x.replaces == crate::model::requirements::Replaces::Education
                && matches!(x.offered.value, Item::Experience(_))
        }),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DutyView {
    pub text: Md,
    pub essential: bool,
}

/// Duties under their own lead-in ("In addition to the above duties, ...").
#[derive(Debug, Clone, Serialize)]
pub struct DutyBlockView {
    pub intro: Option<Md>,
    pub duties: Vec<DutyView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListSection {
    pub label: String,
    pub items: Vec<Md>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    pub event: Event,
    pub label: String,
    pub date: Option<String>,
    /// "April 12, 1991".
    pub date_text: Option<String>,
    pub reason: Option<Md>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompetencyView {
    pub number: u32,
    pub title: String,
    pub definition: Option<Md>,
    pub levels: Vec<LevelView>,
    /// `None` when the model states no level.
    pub required_level: Option<u32>,
    pub indicators: Vec<Md>,
    pub satisfactory: Option<Md>,
    pub superior: Option<Md>,
    /// The class's knowledge areas (under Job Knowledge).
    pub areas: Vec<Md>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelView {
    pub level: u32,
    pub text: Md,
    pub required: bool,
}

/// A class's competency model as its own document (`<j>/competency-models/<code>.*`).
#[derive(Debug, Clone, Serialize)]
pub struct CompetencyModelView {
    pub schema: &'static str,
    /// `jurisdiction/code` of the class.
    pub reference: String,
    pub code: String,
    pub published_code: Option<String>,
    /// The class title.
    pub title: String,
    /// "Competency Model for Customer Service Specialist, Class Code 1229".
    pub display_title: String,
    pub description: String,
    pub jurisdiction: JurisdictionView,
    pub page_url: Option<String>,
    /// Draft, proposed or adopted, as the document states it (`null`:
    /// adopted, with no record of when or by whom).
    pub adoption: Option<crate::derive::adoption::AdoptionText>,
    /// The class spec's page, relative to the output directory.
    pub class_page: String,
    pub errata: Vec<crate::derive::errata::Erratum>,
    pub intro: Option<Md>,
    /// The competencies as the model lists them, with bank numbers.
    pub summary: Vec<CompetencySummary>,
    /// Their descriptions, in the bank's order.
    pub competencies: Vec<CompetencyView>,
    /// Class-specific knowledge areas not under a Job Knowledge competency.
    pub job_knowledge_areas: Vec<Md>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompetencySummary {
    pub number: u32,
    pub title: String,
    pub required_level: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub state: State,
    pub effective: Option<String>,
    /// "Abolished effective June 1, 2005".
    pub text: Option<String>,
    /// What the page states: `text`, "Draft" or "Proposed" for a class
    /// not adopted, else "Active".
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeriesView {
    pub name: String,
    pub level: Option<u32>,
    pub levels: Option<u32>,
}

/// A class specification as published.
#[derive(Debug, Clone, Serialize)]
pub struct ClassView {
    pub schema: &'static str,
    /// `jurisdiction/code`.
    pub reference: String,
    /// The page's published address, when the build has a base URL.
    pub page_url: Option<String>,
    /// Draft, proposed or adopted, as the document states it (`null`:
    /// adopted, with no record of when or by whom).
    pub adoption: Option<crate::derive::adoption::AdoptionText>,
    pub code: String,
    /// See [`BulletinView::published_code`].
    pub published_code: Option<String>,
    /// See [`BulletinView::display_title`].
    pub display_title: String,
    /// See [`BulletinView::description`].
    pub description: String,
    /// See [`BulletinView::errata`].
    pub errata: Vec<crate::derive::errata::Erratum>,
    pub title: String,
    pub jurisdiction: JurisdictionView,
    pub heading: Option<String>,
    pub series: Option<SeriesView>,
    pub status: StatusView,
    /// Classification facts (FLSA status, bargaining unit, ...), each with
    /// its label.
    pub facts: Vec<FactView>,
    /// Requirements the class had before, with the last day they applied.
    pub superseded: Vec<SupersededView>,
    /// Latest dated history entry (ISO date): the document's date.
    pub date: Option<String>,
    pub date_text: Option<String>,
    pub salary: Option<SalaryView>,
    pub summary: OptSection,
    pub distinguishing_features: Option<OptSection>,
    pub supervision_received: Option<OptSection>,
    pub supervision_exercised: Option<OptSection>,
    pub agency_uses_label: String,
    pub agency_uses_intro: Option<Md>,
    pub agency_uses: Vec<NoteView>,
    pub duties_label: String,
    pub duties_intro: Option<Md>,
    pub duties: Vec<DutyView>,
    pub more_duties: Vec<DutyBlockView>,
    pub qualifications_label: String,
    pub qualifications_intro: Option<Md>,
    pub knowledge: Option<ListSection>,
    pub skills: Option<ListSection>,
    pub abilities: Option<ListSection>,
    pub requirements: Option<RequirementsView>,
    pub desirable: Option<RequirementsView>,
    pub substitution: Option<OptSection>,
    pub licenses_label: String,
    pub licenses: Vec<String>,
    pub physical_requirements: Option<OptSection>,
    pub notes: Option<OptSection>,
    pub sections: Vec<OptSection>,
    pub business_units: Vec<String>,
    pub history_label: String,
    pub history: Vec<HistoryView>,
    /// The class's competency model page, relative to the output
    /// directory (its own document).
    pub competency_model_page: Option<String>,
    /// The class's job bulletins.
    pub bulletins: Vec<BulletinLink>,
    pub blocks: Vec<NoteView>,
    /// Classes that lead here and classes this one leads to.
    pub career_path: Option<CareerPathView>,
}

/// A document's "Career path" section: the classes whose experience
/// qualifies for the class, and those the class's experience qualifies
/// for, with the requirement that makes each step.
#[derive(Debug, Clone, Serialize)]
pub struct CareerPathView {
    /// Some way to qualify names no class (an entry-level class).
    pub entry: bool,
    pub from: Vec<CareerLinkView>,
    pub to: Vec<CareerLinkView>,
    /// "Quickest way in from an entry-level class: Clerk → Senior Clerk,
    /// with two years of experience in those classes."
    pub quickest: Option<String>,
    /// The plan's whole map, relative to the output directory.
    pub map_page: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CareerLinkView {
    pub title: String,
    /// `jurisdiction/code`.
    pub reference: String,
    /// The class's page, relative to the output directory.
    pub href: String,
    /// "two years of experience (Requirement #2)".
    pub phrase: String,
}

/// The view of a class's career path section (`None` when no class leads
/// to it or from it).
pub fn career_path_view(s: &crate::derive::paths::CareerSection) -> Option<CareerPathView> {
    if s.is_empty() {
        return None;
    }
    let link = |st: &crate::derive::paths::CareerStep| CareerLinkView {
        title: st.class.title.clone(),
        reference: st.class.reference.clone(),
        href: ClassKey::parse(&st.class.reference)
            .map(|k| DocPath::Class(&k).page())
            .unwrap_or_default(),
        phrase: st.phrase.clone(),
    };
    Some(CareerPathView {
        entry: s.entry,
        from: s.from.iter().map(link).collect(),
        to: s.to.iter().map(link).collect(),
        quickest: s.quickest.clone(),
        map_page: PATHS_PAGE.to_string(),
    })
}

/// The page of the whole plan's career paths.
pub const PATHS_PAGE: &str = "paths/index.html";

pub fn class_view(j: &JurisdictionPlan, c: &ClassSpec) -> ClassView {
    let jd = &j.def.value;
    let labels = c.labels.resolve(&jd.labels);
    let style = jd.style.numbers;
    let hours = jd.pay.hours_per_year;
    let list = |label: &str, items: &[crate::model::Sp<String>]| {
        (!items.is_empty()).then(|| ListSection {
            label: label.to_string(),
            items: items.iter().map(|i| Md::new(i)).collect(),
        })
    };
    let latest = c
        .history
        .iter()
        .filter_map(|h| h.date.as_ref().map(|d| d.value.0))
        .max();
    let has_model = j.model_for(&c.code).is_some() && j.bank.is_some();
    let block_ids: Vec<String> = match &c.blocks {
        Some(b) => b.iter().map(|s| s.value.clone()).collect(),
        None => jd.class_specs.blocks.iter().map(|s| s.value.clone()).collect(),
    };
    ClassView {
        schema: VIEW_VERSION,
        page_url: None,
        reference: format!("{}/{}", j.id(), *c.code),
        code: c.code.to_string(),
        published_code: c.code_published.then(|| c.code.to_string()),
        display_title: crate::derive::titles::display_title(c),
        errata: crate::derive::errata::errata(&c.corrections, jd.style.corrections),
        description: crate::derive::titles::class_description(c, &jd.name, &Md::new(&c.summary).text()),
        title: c.title.value.clone(),
        jurisdiction: JurisdictionView::new(jd),
        heading: jd.class_specs.heading.clone(),
        series: c.series.as_ref().map(|s| SeriesView {
            name: s.name.clone(),
            level: s.level,
            levels: s.levels,
        }),
        facts: c
            .metadata
            .facts()
            .into_iter()
            .map(|(label, value)| FactView { label, value })
            .collect(),
        superseded: c
            .superseded
            .iter()
            .map(|x| SupersededView {
                until: x.until.value.to_string(),
                until_text: crate::derive::status::long_plain_date(x.until.value.0),
                requirements: requirements_view(&x.requirements, &labels.requirements, &labels, style, hours),
                reason: x.reason.as_deref().map(Md::new),
            })
            .collect(),
        adoption: crate::derive::adoption::describe("class specification", c.adoption.as_ref(), None),
        status: StatusView {
            state: c.status.state,
            effective: c.status.effective.as_ref().map(|d| d.value.to_string()),
            text: crate::derive::status::sentence(&c.status),
            label: crate::derive::adoption::status_label(&c.status, crate::model::Stage::of(c.adoption.as_ref())),
        },
        date: latest.map(|d| d.format("%Y-%m-%d").to_string()),
        date_text: latest.map(crate::derive::status::long_plain_date),
        salary: salary(&c.pay, c.pay_reference.as_deref(), &[], &PayWords::of(jd, c.pay_list)),
        summary: OptSection {
            label: labels.summary.clone(),
            text: Md::new(&c.summary),
            empty: c.summary.trim().is_empty(),
        },
        distinguishing_features: opt_section(
            &labels.distinguishing_features,
            c.distinguishing_features.as_deref().map(|s| s.as_str()),
        ),
        supervision_received: opt_section(
            &labels.supervision_received,
            c.supervision_received.as_deref().map(|s| s.as_str()),
        ),
        supervision_exercised: opt_section(
            &labels.supervision_exercised,
            c.supervision_exercised.as_deref().map(|s| s.as_str()),
        ),
        agency_uses_label: labels.agency_uses.clone(),
        agency_uses_intro: c.agency_uses_intro.as_deref().map(Md::new),
        agency_uses: c
            .agency_uses
            .iter()
            .map(|a| NoteView {
                title: Some(a.agency.clone()),
                text: Md::new(&a.text),
            })
            .collect(),
        duties_label: labels.duties.clone(),
        duties_intro: c.duties_intro.as_deref().map(Md::new),
        duties: c
            .duties
            .iter()
            .map(|d| DutyView {
                text: Md::new(&d.text),
                essential: d.essential,
            })
            .collect(),
        more_duties: c
            .more_duties
            .iter()
            .map(|b| DutyBlockView {
                intro: b.intro.as_deref().map(Md::new),
                duties: b
                    .duties
                    .iter()
                    .map(|d| DutyView {
                        text: Md::new(&d.text),
                        essential: d.essential,
                    })
                    .collect(),
            })
            .collect(),
        qualifications_label: labels.qualifications.clone(),
        qualifications_intro: c.qualifications_intro.as_deref().map(Md::new),
        knowledge: list(&labels.knowledge, &c.knowledge),
        skills: list(&labels.skills, &c.skills),
        abilities: list(&labels.abilities, &c.abilities),
        requirements: c
            .requirements
            .as_ref()
            .map(|r| requirements_view(r, &labels.requirements, &labels, style, hours)),
        desirable: c
            .desirable
            .as_ref()
            .map(|r| requirements_view(r, &labels.desirable, &labels, style, hours)),
        substitution: opt_section(&labels.substitution, c.substitution.as_deref().map(|s| s.as_str())),
        licenses_label: labels.license.clone(),
        licenses: c
            .licenses
            .iter()
            .map(|l| capitalize(&crate::derive::requirements::license_phrase(l)) + ".")
            .collect(),
        physical_requirements: opt_section(
            &labels.physical_requirements,
            c.physical_requirements.as_deref().map(|s| s.as_str()),
        ),
        notes: opt_section(&labels.notes, c.notes.as_deref().map(|s| s.as_str())),
        sections: c
            .sections
            .iter()
            .map(|n| OptSection {
                label: n.title.clone().unwrap_or_default(),
                text: Md::new(&n.text),
                empty: n.text.trim().is_empty(),
            })
            .collect(),
        business_units: c.business_units.clone(),
        history_label: labels.history.clone(),
        history: c
            .history
            .iter()
            .map(|h| HistoryView {
                event: h.event,
                label: h.label.clone().unwrap_or_else(|| h.event.default_label().to_string()),
                date: h.date.as_ref().map(|d| d.value.to_string()),
                date_text: h
                    .date
                    .as_ref()
                    .map(|d| crate::derive::status::long_plain_date(d.value.0)),
                reason: h.reason.as_deref().map(Md::new),
            })
            .collect(),
        bulletins: Vec::new(),
        career_path: None,
        competency_model_page: has_model.then(|| {
            DocPath::Model(&ClassKey {
                jurisdiction: j.id().to_string(),
                code: c.code.to_string(),
            })
            .page()
        }),
        blocks: block_ids.iter().filter_map(|id| jd.blocks.get(id)).map(block).collect(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TestWindowView {
    pub start: String,
    pub end: String,
    /// "For candidates who apply between ..., it is anticipated that the ... will be administered between ... and ...."
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodView {
    /// 1-based position.
    pub number: usize,
    /// ISO local date-times, or dates for whole days; no `close` when the
    /// period is open until further notice.
    pub open: String,
    pub close: Option<String>,
    /// ISO date-times with the jurisdiction's UTC offset.
    pub open_at: String,
    pub close_at: Option<String>,
    /// "From 8:00 am FRIDAY, FEBRUARY 28, 2025 to 11:59 pm THURSDAY, MARCH 13, 2025."
    pub text: String,
    /// "open", "closed" or "upcoming" as of the build date.
    pub status: PeriodStatus,
    pub test_window: Option<TestWindowView>,
}

/// The apply box at the top of a bulletin.
#[derive(Debug, Clone, Serialize)]
pub struct ApplyView {
    /// Where applications are made (the bulletin's, else the
    /// jurisdiction's); `None` when neither states one.
    pub url: Option<String>,
    /// "open", "upcoming", "closed" or "unscheduled".
    pub state: crate::derive::periods::FilingState,
    /// "Open", "Opens soon", "Closed".
    pub label: &'static str,
    /// "Open — closes Thursday, March 13, 2025, 11:59 pm Pacific (as of
    /// March 1, 2025)."
    pub status: String,
    /// Whether applications are taken now (an Apply button is shown).
    pub accepting: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComponentView {
    pub name: String,
    /// "Qualifying" or "100%".
    pub weight: String,
    pub percent: Option<f64>,
}

/// A job bulletin as published.
#[derive(Debug, Clone, Serialize)]
pub struct BulletinView {
    pub schema: &'static str,
    /// The bulletin id (its file name under bulletins/).
    pub id: String,
    pub class_reference: String,
    pub code: String,
    pub title: String,
    pub jurisdiction: JurisdictionView,
    pub job_number: Option<String>,
    pub department: Option<String>,
    pub job_type: &'static str,
    pub employment_type: &'static str,
    /// "This examination is to be given both on an interdepartmental promotional and open competitive basis."
    pub basis: Option<String>,
    /// Who may apply: "Exam Open to All, including Current City Employees".
    pub open_to: Option<String>,
    /// The bulletin's date (revised, else posted, else first day of
    /// filing), YYYY-MM-DD.
    pub date: String,
    pub revised: Option<String>,
    /// In the jurisdiction's short form ("02/28/2025").
    pub revised_text: Option<String>,
    pub posted: Option<String>,
    pub posted_text: Option<String>,
    /// "Posted", "Open Date".
    pub posted_label: String,
    /// The jurisdiction's line at the end of every bulletin ("Class Code
    /// 1136 05-12-17").
    pub footer: Option<String>,
    /// The source the bulletin was imported from (not printed).
    pub imported: Option<crate::model::common::Provenance>,
    pub as_of: String,
    pub salary: Option<SalaryView>,
    /// Index in `periods` of the current period (the open one, else the
    /// next, else the last).
    pub current_period: Option<usize>,
    /// The current (or next, or last) filing period's dates for the header.
    pub opening_date: Option<String>,
    pub closing_date: Option<String>,
    /// The page's published address, when the build has a base URL.
    pub page_url: Option<String>,
    /// Draft, proposed or adopted, as the document states it (`null`:
    /// adopted, with no record of when or by whom).
    pub adoption: Option<crate::derive::adoption::AdoptionText>,
    /// The class spec's page, relative to the output directory.
    pub class_page: String,
    /// The class's competency model page, when it has one.
    /// The class's career path section.
    pub career_path: Option<CareerPathView>,
    pub competency_model_page: Option<String>,
    /// The class code as the employer publishes it; `None` when it
    /// publishes none (`code` is then only the file name).
    pub published_code: Option<String>,
    /// The title with its published code: "Customer Service Specialist
    /// (1229)", or the title alone.
    pub display_title: String,
    /// One or two sentences for search results and link previews (the
    /// page's meta description and Open Graph description).
    pub description: String,
    /// Wrong words of the official text and what prints instead (the
    /// class's corrections and the bulletin's); applied to every output.
    pub errata: Vec<crate::derive::errata::Erratum>,
    /// The apply box: where to apply and the filing status as of the
    /// build date.
    pub apply: ApplyView,
    /// Print the salary before the duties (the jurisdiction's order).
    pub salary_first: bool,
    /// The requirement expression in plain words, for the box at the top.
    pub ways_to_qualify: Option<crate::derive::requirements::WaysToQualify>,
    pub duties: Md,
    pub duties_from_class: bool,
    pub requirements: Option<RequirementsView>,
    pub process_notes: Vec<Md>,
    /// The heading of the process notes ("Process note").
    pub process_notes_label: String,
    /// The heading of the pay section ("Salary").
    pub salary_label: String,
    pub selective_certification: Option<SelectiveView>,
    pub application: ApplicationView,
    pub periods: Vec<PeriodView>,
    pub selection: SelectionView,
    pub notes: Vec<NoteView>,
    pub blocks: Vec<NoteView>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SelectiveView {
    pub intro: Md,
    pub areas: Vec<Md>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApplicationView {
    pub how: Md,
    pub notes: Vec<NoteView>,
    pub deadline_intro: Option<Md>,
    pub after_deadline: Vec<Md>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SelectionView {
    pub intro: Option<Md>,
    /// "Examination weights:" or the bulletin's own words.
    pub weights_label: String,
    pub components: Vec<ComponentView>,
    pub text: Vec<Md>,
    pub windows: Vec<String>,
    pub after: Vec<NoteView>,
}

/// "2025-02-28T08:00:00", or "2025-02-28" for a whole day.
fn iso_local(t: crate::model::LocalDateTime) -> String {
    if t.has_time() {
        t.start().format("%Y-%m-%dT%H:%M:%S").to_string()
    } else {
        t.date().format("%Y-%m-%d").to_string()
    }
}

fn period_view(p: PeriodInfo) -> PeriodView {
    PeriodView {
        number: p.number,
        open: iso_local(p.open),
        close: p.close.map(iso_local),
        open_at: p.open_at,
        close_at: p.close_at,
        text: p.sentence,
        status: p.status,
        test_window: p.test_window.map(|w| TestWindowView {
            start: w.start.format("%Y-%m-%d").to_string(),
            end: w.end.format("%Y-%m-%d").to_string(),
            text: w.sentence,
        }),
    }
}

/// What the site index lists for a bulletin, without rendering the rest
/// of it (the index lists every bulletin on every build).
#[derive(Clone, Debug)]
pub struct BulletinSummary {
    pub title: String,
    pub class_reference: String,
    /// The class page, relative to the output directory.
    pub class_page: String,
    pub job_number: Option<String>,
    pub department: Option<String>,
    pub jurisdiction_name: String,
    /// Open, opens soon or closed as of the build date.
    pub filing: crate::derive::periods::FilingStatus,
    /// The current period's closing day ("March 13, 2025"); `None` when it
    /// is open until further notice.
    pub closes: Option<String>,
    /// "Draft" or "Proposed" (its status in the index) when the bulletin
    /// or its class is not adopted.
    pub unadopted: Option<&'static str>,
}

pub fn bulletin_summary(plan: &Plan, b: &Bulletin, as_of: NaiveDate) -> Option<BulletinSummary> {
    let key = ClassKey::parse(&b.class)?;
    let (j, c) = plan.class(&key)?;
    let jd = &j.def.value;
    // The days and statuses only: the index shows no period's sentence.
    let times = crate::derive::periods::period_times(b, as_of);
    let filing = crate::derive::periods::filing_status(&times, jd, as_of);
    let closes = crate::derive::periods::current(&times)
        .and_then(|p| p.close)
        .map(|c| crate::derive::status::long_plain_date(c.date()));
    Some(BulletinSummary {
        title: c.title.value.clone(),
        class_page: DocPath::Class(&key).page(),
        class_reference: key.to_string(),
        job_number: b.job_number.as_ref().map(|n| n.value.clone()),
        department: b.department.clone(),
        jurisdiction_name: jd.name.clone(),
        filing,
        closes,
        unadopted: crate::derive::adoption::index_label(plan.bulletin_stage(b)),
    })
}

pub fn bulletin_view(plan: &Plan, id: &str, b: &Bulletin, as_of: NaiveDate) -> Option<BulletinView> {
    let key = ClassKey::parse(&b.class)?;
    let (j, c) = plan.class(&key)?;
    let jd = &j.def.value;
    let labels = c.labels.resolve(&jd.labels);
    let style = jd.style.numbers;
    let hours = jd.pay.hours_per_year;
    let reqs = plan.bulletin_requirements(b);
    let infos = crate::derive::periods::periods(b, jd, as_of);
    let current_index = crate::derive::periods::current(&infos).map(|p| p.number - 1);
    let filing = crate::derive::periods::filing_status(&infos, jd, as_of);
    let apply = ApplyView {
        url: b
            .application
            .url
            .as_ref()
            .or(jd.bulletins.apply_url.as_ref())
            .map(|u| u.value.clone()),
        accepting: filing.state == crate::derive::periods::FilingState::Open,
        state: filing.state,
        label: filing.label,
        status: filing.sentence,
    };
    let periods: Vec<PeriodView> = infos.into_iter().map(period_view).collect();
    let current = current_index.map(|i| &periods[i]);
    // The filing allowances open the process notes, as bulletins print them.
    let mut process_notes: Vec<Md> = reqs
        .map(|r| {
            let mut v = allowance_sentences(r, style);
            v.extend(process_notes(r, jd));
            v
        })
        .unwrap_or_default()
        .iter()
        .map(|t| Md::new(t))
        .collect();
    process_notes.extend(b.process_notes.iter().map(|n| Md::new(&resolve_text_refs(n))));
    let basis = b.basis_text.clone().or_else(|| basis_sentence(&b.basis));
    let fmt = jd.style.short_date.as_ref().map(|s| s.as_str());
    let date_text = |d: NaiveDate| crate::derive::phrase::format_date(d, fmt);
    let block_ids: Vec<String> = match &b.blocks {
        Some(v) => v.iter().map(|s| s.value.clone()).collect(),
        None => jd.bulletins.blocks.iter().map(|s| s.value.clone()).collect(),
    };
    let salary_notes: Vec<Md> = b.salary_notes.iter().map(|n| Md::new(n)).collect();
    let questions = final_questionnaire(b, jd, &c.title, reqs);
    Some(BulletinView {
        adoption: crate::derive::adoption::describe("job bulletin", b.adoption.as_ref(), c.adoption.as_ref()),
        schema: VIEW_VERSION,
        id: id.to_string(),
        class_reference: key.to_string(),
        code: c.code.to_string(),
        title: c.title.value.clone(),
        jurisdiction: JurisdictionView::new(jd),
        job_number: b.job_number.as_ref().map(|n| n.value.clone()),
        department: b.department.clone(),
        job_type: b.job_type.label(),
        employment_type: b.job_type.schema_org(),
        basis,
        open_to: crate::derive::periods::open_to(b, jd),
        date: b.date().format("%Y-%m-%d").to_string(),
        revised: b.revised.as_ref().map(|d| d.value.to_string()),
        revised_text: b.revised.as_ref().map(|d| date_text(d.value.0)),
        posted: b.posted.as_ref().map(|d| d.value.to_string()),
        posted_text: b.posted.as_ref().map(|d| date_text(d.value.0)),
        posted_label: jd.bulletins.posted_label.clone().unwrap_or_else(|| "Posted".into()),
        footer: crate::derive::periods::footer(b, &c.code, jd),
        imported: b.imported.clone(),
        as_of: as_of.format("%Y-%m-%d").to_string(),
        salary: if b.pay.is_empty() && b.pay_reference.is_none() {
            salary(
                &c.pay,
                c.pay_reference.as_deref(),
                &salary_notes,
                &PayWords::of(jd, b.pay_list.or(c.pay_list)),
            )
        } else {
            salary(
                &b.pay,
                b.pay_reference.as_deref(),
                &salary_notes,
                &PayWords::of(jd, b.pay_list),
            )
        },
        current_period: current_index,
        opening_date: current.map(|p| date_text(b.periods[p.number - 1].open.value.date())),
        closing_date: current
            .map(|p| crate::derive::periods::closing_text(b.periods[p.number - 1].close.as_ref().map(|c| c.value), jd)),
        page_url: None,
        class_page: DocPath::Class(&key).page(),
        career_path: None,
        competency_model_page: (j.bank.is_some() && j.model_for(&c.code).is_some())
            .then(|| DocPath::Model(&key).page()),
        published_code: c.code_published.then(|| c.code.to_string()),
        display_title: crate::derive::titles::display_title(c),
        errata: crate::derive::errata::errata(c.corrections.iter().chain(&b.corrections), jd.style.corrections),
        description: crate::derive::titles::bulletin_description(
            c,
            &jd.name,
            &apply.status,
            &Md::new(b.duties.as_deref().map(|s| s.as_str()).unwrap_or(&c.summary)).text(),
        ),
        apply,
        salary_first: jd.bulletins.salary_first,
        ways_to_qualify: reqs.and_then(|r| crate::derive::requirements::ways_to_qualify(r, style)),
        duties: Md::new(b.duties.as_deref().map(|s| s.as_str()).unwrap_or(&c.summary)),
        duties_from_class: b.duties.is_none(),
        requirements: reqs.map(|r| {
            let label = if labels.bulletin_requirements.is_empty() {
                &labels.requirements
            } else {
                &labels.bulletin_requirements
            };
            let mut v = requirements_view(r, label, &labels, style, hours);
            v.allowances.clear();
            v
        }),
        process_notes,
        process_notes_label: labels.process_notes.clone(),
        salary_label: labels.salary.clone(),
        selective_certification: b.selective_certification.as_ref().map(|s| SelectiveView {
            intro: Md::new(&s.intro),
            areas: s.areas.iter().map(|a| Md::new(a)).collect(),
        }),
        application: ApplicationView {
            how: Md::new(&b.application.how),
            notes: b.application.notes.iter().map(note).collect(),
            deadline_intro: b.application.deadline_intro.as_deref().map(Md::new),
            after_deadline: b.application.after_deadline.iter().map(|n| Md::new(n)).collect(),
        },
        selection: SelectionView {
            intro: b.selection.intro.as_deref().map(|t| Md::new(t)),
            weights_label: b
                .selection
                .weights_label
                .clone()
                .unwrap_or_else(|| "Examination weights:".into()),
            components: b
                .selection
                .components
                .iter()
                .map(|c| ComponentView {
                    name: c.name.clone(),
                    weight: crate::derive::phrase::weight(&c.weight.value),
                    percent: match &c.weight.value {
                        Weight::Percent(p) => Some(*p),
                        Weight::Keyword(_) => None,
                    },
                })
                .collect(),
            text: b.selection.text.iter().map(|n| Md::new(n)).collect(),
            windows: periods
                .iter()
                .filter_map(|p| p.test_window.as_ref().map(|w| w.text.clone()))
                .collect(),
            after: b.selection.after.iter().map(note).collect(),
        },
        periods,
        notes: b.notes.iter().map(note).collect(),
        blocks: block_ids.iter().filter_map(|id| jd.blocks.get(id)).map(block).collect(),
        questions,
    })
}

/// The competency model of a class as its own document; `None` when the
/// class has no model or the jurisdiction no bank.
pub fn competency_model_view(j: &JurisdictionPlan, c: &ClassSpec) -> Option<CompetencyModelView> {
    let jd = &j.def.value;
    let m = j.model_for(&c.code)?;
    let bank = j.bank.as_ref()?;
    let areas: Vec<Md> = m.job_knowledge_areas.iter().map(|t| Md::new(t)).collect();
    let is_job_knowledge = |t: &str| t.trim().eq_ignore_ascii_case("job knowledge");
    let mut placed = false;
    let mut competencies: Vec<CompetencyView> = m
        .competencies
        .iter()
        .filter_map(|e| {
            let comp = bank.competencies.iter().find(|x| *x.number == *e.number)?;
            let here = is_job_knowledge(&comp.title) && !placed;
            placed |= here;
            Some(CompetencyView {
                number: *comp.number,
                title: comp.title.clone(),
                definition: comp.definition.as_deref().map(|d| Md::new(d)),
                levels: comp
                    .levels
                    .iter()
                    .enumerate()
                    .map(|(i, t)| LevelView {
                        level: i as u32 + 1,
                        text: Md::new(t),
                        required: e.level.as_ref().is_some_and(|l| i as u32 + 1 == **l),
                    })
                    .collect(),
                required_level: e.level.as_ref().map(|l| **l),
                indicators: comp.indicators.iter().map(|t| Md::new(t)).collect(),
                satisfactory: comp.satisfactory.as_deref().map(Md::new),
                superior: comp.superior.as_deref().map(Md::new),
                areas: if here { areas.clone() } else { Vec::new() },
            })
        })
        .collect();
    let summary = competencies
        .iter()
        .map(|x| CompetencySummary {
            number: x.number,
            title: x.title.clone(),
            required_level: x.required_level,
        })
        .collect();
    // Descriptions follow the bank's order, as the published models print them.
    competencies.sort_by_key(|x| x.number);
    let display_title = crate::derive::titles::model_title(c);
    Some(CompetencyModelView {
        schema: VIEW_VERSION,
        adoption: crate::derive::adoption::describe("competency model", None, c.adoption.as_ref()),
        reference: format!("{}/{}", j.id(), *c.code),
        code: c.code.to_string(),
        published_code: c.code_published.then(|| c.code.to_string()),
        title: c.title.value.clone(),
        description: crate::derive::titles::model_description(
            c,
            &jd.name,
            &m.intro.as_deref().map(|i| Md::new(i).text()).unwrap_or_default(),
        ),
        display_title,
        jurisdiction: JurisdictionView::new(jd),
        page_url: None,
        class_page: DocPath::Class(&ClassKey {
            jurisdiction: j.id().to_string(),
            code: c.code.to_string(),
        })
        .page(),
        errata: crate::derive::errata::errata(&c.corrections, jd.style.corrections),
        intro: m.intro.as_deref().map(Md::new),
        summary,
        competencies,
        job_knowledge_areas: if placed { Vec::new() } else { areas },
    })
}

/// A link to a job bulletin from its class's page.
#[derive(Debug, Clone, Serialize)]
pub struct BulletinLink {
    /// Relative to the output directory.
    pub href: String,
    /// "Job bulletin, job number 1229 OP 2023/02/24 C".
    pub label: String,
}
