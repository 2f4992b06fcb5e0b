//! What a build is made of: the plan's documents, where each goes, which
//! sources it depends on (its input hash), and its view.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use chrono::NaiveDate;

use crate::derive::paths::{CareerSection, Paths};
use crate::load::Workspace;
use crate::model::jurisdiction::NumberStyle;
use crate::model::{Bulletin, ClassKey, ClassSpec, JurisdictionPlan, Loaded, Plan};
use crate::render::templates::Templates;
use crate::render::view::{self, BulletinView, ClassView, CompetencyModelView};
use crate::render::{DocPath, DocView, OutputFormat};

/// A document of the plan.
pub enum Doc<'a> {
    Class {
        key: ClassKey,
        j: &'a JurisdictionPlan,
        c: &'a Loaded<ClassSpec>,
        /// The class's bulletins (the page links them).
        bulletins: Vec<(&'a str, &'a Loaded<Bulletin>)>,
        /// Its career path section (from the whole plan's graph).
        career: Option<Arc<Career>>,
    },
    Bulletin {
        id: &'a str,
        b: &'a Loaded<Bulletin>,
        jurisdiction: String,
        career: Option<Arc<Career>>,
    },
    /// A class's competency model, its own document.
    Model {
        key: ClassKey,
        j: &'a JurisdictionPlan,
        c: &'a Loaded<ClassSpec>,
    },
}

/// A class's career path section, made once for its page and its
/// bulletins', and its key ([`Paths::section_key`]: everything the section
/// is made from), which their input hashes take. A build makes the section
/// only when one of them is rendered (most of a large plan's are not); a
/// session makes it at once (it keeps sections across builds, and a kept
/// one must not keep its graph).
pub struct Career {
    pub digest: blake3::Hash,
    section: Section,
}

enum Section {
    Made(CareerSection),
    Later {
        paths: Arc<Paths>,
        n: usize,
        style: NumberStyle,
        made: std::sync::OnceLock<CareerSection>,
    },
}

impl Career {
    /// Class `n`'s section, made now.
    fn now(paths: &Paths, n: usize, style: NumberStyle, digest: blake3::Hash) -> Career {
        Career {
            digest,
            section: Section::Made(paths.section(n, style)),
        }
    }

    /// Class `n`'s section, made when first asked for.
    fn later(paths: &Arc<Paths>, n: usize, style: NumberStyle) -> Career {
        Career {
            digest: paths.section_key(n, style),
            section: Section::Later {
                paths: paths.clone(),
                n,
                style,
                made: std::sync::OnceLock::new(),
            },
        }
    }

    pub fn section(&self) -> &CareerSection {
        match &self.section {
            Section::Made(s) => s,
            Section::Later { paths, n, style, made } => made.get_or_init(|| paths.section(*n, *style)),
        }
    }
}

/// A document's view, owned.
pub enum View {
    Class(ClassKey, Box<ClassView>),
    Bulletin(String, Box<BulletinView>),
    Model(ClassKey, Box<CompetencyModelView>),
}

impl View {
    pub fn as_doc(&self) -> DocView<'_> {
        match self {
            View::Class(key, view) => DocView::Class { key, view },
            View::Bulletin(jurisdiction, view) => DocView::Bulletin { jurisdiction, view },
            View::Model(key, view) => DocView::Model { key, view },
        }
    }
}

impl Doc<'_> {
    /// The key the manifest records the document's files under.
    pub fn key(&self) -> String {
        match self {
            Doc::Class { key, .. } => format!("class:{key}"),
            Doc::Bulletin { id, .. } => format!("bulletin:{id}"),
            Doc::Model { key, .. } => format!("model:{key}"),
        }
    }

    pub fn path(&self) -> DocPath<'_> {
        match self {
            Doc::Class { key, .. } => DocPath::Class(key),
            Doc::Bulletin { id, jurisdiction, .. } => DocPath::Bulletin { jurisdiction, id },
            Doc::Model { key, .. } => DocPath::Model(key),
        }
    }

    /// The view to render (`None` for a bulletin whose class is missing,
    /// which `check` reports).
    /// `base_url`: where the site is published, which makes each page's
    /// canonical address (JSON-LD `url`, Open Graph, the sitemap).
    pub fn view(&self, plan: &Plan, as_of: NaiveDate, base_url: Option<&str>) -> Option<View> {
        let page = || {
            let rel = self.path().page();
            base_url.map(|base| format!("{}/{}", base.trim_end_matches('/'), rel.trim_end_matches("index.html")))
        };
        match self {
            Doc::Class {
                key,
                j,
                c,
                bulletins,
                career,
            } => {
                let mut v = view::class_view(j, c);
                v.page_url = page();
                v.career_path = career.as_deref().and_then(|c| view::career_path_view(c.section()));
                v.bulletins = bulletins
                    .iter()
                    .map(|(id, b)| view::BulletinLink {
                        href: DocPath::Bulletin {
                            jurisdiction: &key.jurisdiction,
                            id,
                        }
                        .page(),
                        label: match &b.job_number {
                            Some(n) => format!("Job bulletin, job number {}", n.value),
                            None => "Job bulletin".to_string(),
                        },
                    })
                    .collect();
                Some(View::Class(key.clone(), Box::new(v)))
            }
            Doc::Bulletin {
                id,
                b,
                jurisdiction,
                career,
            } => view::bulletin_view(plan, id, b, as_of).map(|mut v| {
                v.page_url = page();
                v.career_path = career.as_deref().and_then(|c| view::career_path_view(c.section()));
                View::Bulletin(jurisdiction.clone(), Box::new(v))
            }),
            Doc::Model { key, j, c } => view::competency_model_view(j, c).map(|mut v| {
                v.page_url = page();
                View::Model(key.clone(), Box::new(v))
            }),
        }
    }

    /// The source files the document is made from.
    fn sources(&self, plan: &Plan) -> Vec<crate::diag::FileId> {
        let mut files = Vec::new();
        match self {
            Doc::Class { j, c, bulletins, .. } => {
                files.push(j.def.file);
                files.push(c.file);
                files.extend(bulletins.iter().map(|(_, b)| b.file));
                if let Some(m) = j.model_for(&c.code) {
                    files.push(m.file);
                }
            }
            Doc::Model { j, c, .. } => {
                files.push(j.def.file);
                files.push(c.file);
                if let Some(m) = j.model_for(&c.code) {
                    files.push(m.file);
                    if let Some(b) = &j.bank {
                        files.push(b.file);
                    }
                }
            }
            Doc::Bulletin { b, .. } => {
                files.push(b.file);
                let class = ClassKey::split(&b.class).and_then(|(j, code)| {
                    let j = plan.jurisdictions.get(j)?;
                    Some((j, j.class(code)?))
                });
                if let Some((j, c)) = class {
                    files.push(j.def.file);
                    files.push(c.file);
                    // The bulletin links the class's competency model.
                    if let Some(m) = j.model_for(&c.code) {
                        files.push(m.file);
                    }
                }
            }
        }
        files
    }

    /// Hash of everything the document's outputs depend on: the binary's
    /// version, the templates, the formats, the date for bulletins, whether
    /// drafts are built, and its sources (path and content).
    /// `common`: [`HashInputs::common`], made once for every document of
    /// a build.
    pub fn input_hash_from(&self, common: &CommonHash, at: &HashInputs) -> String {
        let HashInputs { ws, plan, .. } = *at;
        // Written out, then hashed once: a few hundred bytes, for each of
        // 20,000 documents of a large plan.
        let mut b: Vec<u8> = Vec::with_capacity(512);
        b.extend_from_slice(match self {
            Doc::Bulletin { .. } => common.bulletin.as_bytes(),
            _ => common.other.as_bytes(),
        });
        // A page's career path section depends on other classes: the
        // section's key (all it is made from) is part of its inputs.
        if let Doc::Class { career, .. } | Doc::Bulletin { career, .. } = self {
            match career {
                Some(c) => b.extend_from_slice(c.digest.as_bytes()),
                None => b.extend_from_slice(b"none"),
            };
        }
        for f in self.sources(plan) {
            let path = ws.sources.path(f);
            b.extend_from_slice(&(path.len() as u64).to_le_bytes());
            b.extend_from_slice(path.as_bytes());
            if let Some(fh) = ws.text_hashes.get(f.0 as usize) {
                b.extend_from_slice(fh);
            }
        }
        blake3::hash(&b).to_hex()[..32].to_string()
    }
}

/// What every document's input hash starts from: the hash of what they
/// share, for a bulletin (with the date its filing status is as of) and
/// for the others.
pub struct CommonHash {
    bulletin: blake3::Hash,
    other: blake3::Hash,
}

impl HashInputs<'_> {
    /// What every document's input hash starts from: the binary's
    /// version, the site's address, the templates, the formats, whether
    /// drafts are shown (pages link them and the index lists them), and
    /// for bulletins the date.
    pub fn common(&self) -> CommonHash {
        let mut h = blake3::Hasher::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(self.base_url.unwrap_or("").as_bytes());
        h.update(&[0]);
        h.update(self.templates.fingerprint.as_bytes());
        h.update(format!("{:?}", self.formats).as_bytes());
        h.update(&[u8::from(self.drafts_shown)]);
        let mut bulletin = h.clone();
        bulletin.update(self.as_of.to_string().as_bytes());
        CommonHash {
            bulletin: bulletin.finalize(),
            other: h.finalize(),
        }
    }
}

/// What every document's input hash shares.
#[derive(Clone, Copy)]
pub struct HashInputs<'a> {
    pub ws: &'a Workspace,
    /// The plan being built (without what is not adopted, unless `--drafts`).
    pub plan: &'a Plan,
    pub templates: &'a Templates,
    pub formats: &'a BTreeSet<OutputFormat>,
    pub as_of: NaiveDate,
    pub base_url: Option<&'a str>,
    /// Whether documents that are not adopted are built (and there are some).
    pub drafts_shown: bool,
}

/// Every document of the plan: classes by jurisdiction (each followed by
/// its competency model, when it has one), then bulletins.
pub fn documents(plan: &Plan) -> Vec<Doc<'_>> {
    documents_with(plan, &Arc::new(crate::derive::paths::plan_paths(plan)))
}

/// Every class's career section, by class reference, with what they were
/// made from: what a session keeps, so that an edit that leaves the
/// graph's classes, steps and quickest ways as they were does not make
/// 10,000 sections again (all kept while [`Careers::key`] is the same), and
/// one that changes them makes again only the sections whose own key
/// ([`crate::derive::paths::Paths::section_key`]) changed.
#[derive(Default)]
pub struct Careers {
    key: Option<blake3::Hash>,
    by_class: FxHashMap<ClassKey, Arc<Career>>,
}

impl std::fmt::Debug for Careers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Careers")
            .field("key", &self.key)
            .field("classes", &self.by_class.len())
            .finish()
    }
}

impl Careers {
    /// What every section is made from: the graph as sections read it
    /// ([`crate::derive::paths::Paths::sections_key`]) and each
    /// jurisdiction's number style.
    fn key(plan: &Plan, paths: &Paths) -> blake3::Hash {
        let mut h = blake3::Hasher::new();
        h.update(paths.sections_key().as_bytes());
        for j in plan.jurisdictions.values() {
            h.update(j.id().as_bytes());
            h.update(format!("\u{0}{:?}\u{0}", j.def.style.numbers).as_bytes());
        }
        h.finalize()
    }
}

/// [`documents`] with the plan's career paths computed already.
pub fn documents_with<'a>(plan: &'a Plan, paths: &Arc<Paths>) -> Vec<Doc<'a>> {
    documents_kept(plan, paths, None, None).0
}

/// What makes a document's input hash ([`Doc::input_hash_from`]).
pub type InputHash<'h> = &'h (dyn Fn(&Doc<'_>) -> String + Sync);

/// A bulletin of a class, with its id.
type BulletinOf<'a> = (&'a str, &'a Loaded<Bulletin>);

/// A document with its input hash, when asked for.
type Hashed<'a> = (Doc<'a>, Option<String>);

/// [`documents_with`], taking the career sections from `prior` when they
/// were made from the same graph; the sections it used, for next time;
/// and with `hash`, each document's input hash (in the documents' order,
/// else empty), made as each document is: much of what it reads of the
/// plan was just read to make the document and is still at hand (hashed
/// in a pass of their own, a large plan's documents are each reached again).
pub fn documents_kept<'a>(
    plan: &'a Plan,
    paths: &Arc<Paths>,
    prior: Option<Careers>,
    hash: Option<InputHash<'_>>,
) -> (Vec<Doc<'a>>, Careers, Vec<String>) {
    // The career sections, and each class's bulletins, at once.
    let (careers, of_class) = rayon::join(
        || {
            let key = prior.as_ref().map(|_| Careers::key(plan, paths));
            match prior {
                Some(p) if p.key.is_some() && p.key == key => p,
                Some(p) => Careers {
                    key,
                    by_class: sections_kept(plan, paths, &p),
                },
                None => Careers {
                    key,
                    by_class: sections(plan, paths),
                },
            }
        },
        || {
            // A class's bulletins, by its (jurisdiction, code).
            let mut of_class: FxHashMap<(&str, &str), Vec<BulletinOf<'_>>> = Default::default();
            for (id, b) in &plan.bulletins {
                if let Some(k) = ClassKey::split(&b.class) {
                    of_class.entry(k).or_default().push((id.as_str(), b));
                }
            }
            of_class
        },
    );
    let career = |key: &ClassKey| careers.by_class.get(key).cloned();
    let every_class: Vec<(&JurisdictionPlan, &Loaded<ClassSpec>)> = plan
        .jurisdictions
        .values()
        .flat_map(|j| j.classes.iter().map(move |c| (j, c)))
        .collect();
    // The classes' documents (a competency model's, then the class's) and
    // the bulletins', in plan order, in parallel.
    let hashed = |d: Doc<'a>| {
        let h = hash.map(|f| f(&d));
        (d, h)
    };
    let (mut docs, bulletin_docs): (Vec<Hashed>, Vec<Hashed>) = rayon::join(
        || {
            every_class
                .par_iter()
                .flat_map_iter(|&(j, c)| {
                    let key = ClassKey {
                        jurisdiction: j.id().to_string(),
                        code: c.code.to_string(),
                    };
                    let model = (j.bank.is_some() && j.model_for(&c.code).is_some()).then(|| Doc::Model {
                        key: key.clone(),
                        j,
                        c,
                    });
                    // The bulletins go to the first class of a code.
                    let first = j.class(&c.code).is_some_and(|f| std::ptr::eq(f, c));
                    let bulletins = first
                        .then(|| of_class.get(&(j.id(), c.code.as_str())).cloned())
                        .flatten()
                        .unwrap_or_default();
                    let career = career(&key);
                    model
                        .into_iter()
                        .chain(std::iter::once(Doc::Class {
                            key,
                            j,
                            c,
                            bulletins,
                            career,
                        }))
                        .map(hashed)
                })
                .collect()
        },
        || {
            let bulletins: Vec<(&String, &Loaded<Bulletin>)> = plan.bulletins.iter().collect();
            bulletins
                .par_iter()
                .map(|&(id, b)| {
                    let key = ClassKey::parse(&b.class);
                    let career = key.as_ref().and_then(career);
                    let jurisdiction = key.map(|k| k.jurisdiction).unwrap_or_default();
                    hashed(Doc::Bulletin {
                        id,
                        b,
                        jurisdiction,
                        career,
                    })
                })
                .collect()
        },
    );
    docs.reserve_exact(bulletin_docs.len());
    docs.extend(bulletin_docs);
    let (docs, hashes): (Vec<Doc>, Vec<Option<String>>) = docs.into_iter().unzip();
    let hashes = hashes.into_iter().flatten().collect();
    (docs, careers, hashes)
}

/// Every class of the graph: its key, node and jurisdiction's number style.
fn graph_classes(plan: &Plan, paths: &Paths) -> Vec<(ClassKey, usize, NumberStyle)> {
    plan.jurisdictions
        .values()
        .flat_map(|j| {
            j.classes.iter().filter_map(|c| {
                let key = ClassKey {
                    jurisdiction: j.id().to_string(),
                    code: c.code.to_string(),
                };
                let n = paths.graph.find(&key)?;
                Some((key, n, j.def.style.numbers))
            })
        })
        .collect()
}

/// Every class's career section, made now, taking from `prior` the
/// sections whose key is the same, in parallel.
fn sections_kept(plan: &Plan, paths: &Paths, prior: &Careers) -> FxHashMap<ClassKey, Arc<Career>> {
    graph_classes(plan, paths)
        .into_par_iter()
        .map(|(key, n, style)| {
            let own = paths.section_key(n, style);
            let made = match prior.by_class.get(&key).filter(|c| c.digest == own) {
                Some(kept) => kept.clone(),
                None => Arc::new(Career::now(paths, n, style, own)),
            };
            (key, made)
        })
        .collect()
}

/// Every class's career section (its bulletins show the same), each made
/// when first asked for; their keys in parallel.
fn sections(plan: &Plan, paths: &Arc<Paths>) -> FxHashMap<ClassKey, Arc<Career>> {
    graph_classes(plan, paths)
        .into_par_iter()
        .map(|(key, n, style)| (key, Arc::new(Career::later(paths, n, style))))
        .collect()
}
