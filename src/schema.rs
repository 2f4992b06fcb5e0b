//! JSON Schemas of the source formats, generated from the model types.
//! Published by `classplan schema` for editors, and used by `load` to check
//! structure (unknown / missing keys, types) before deserializing.

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::model::{Bulletin, ClassSpec, CompetencyBank, CompetencyModel, Jurisdiction};

/// The schema of a source kind as text.
pub fn text(kind: SourceKind) -> String {
    kind.text()
}

/// The schema files of the source kinds: name and text (`crate::schema_files`
/// adds the questionnaire's, which is the view of an output).
pub fn source_files() -> Vec<(&'static str, String)> {
    SourceKind::ALL.iter().map(|k| (k.schema_file(), k.text())).collect()
}

/// The kinds of source file, by where they live in the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    Jurisdiction,
    Class,
    CompetencyBank,
    CompetencyModel,
    Bulletin,
    Series,
}

impl SourceKind {
    pub const ALL: [SourceKind; 6] = [
        SourceKind::Jurisdiction,
        SourceKind::Class,
        SourceKind::CompetencyBank,
        SourceKind::CompetencyModel,
        SourceKind::Bulletin,
        SourceKind::Series,
    ];

    /// File name of the published schema.
    pub fn schema_file(self) -> &'static str {
        match self {
            SourceKind::Jurisdiction => "jurisdiction.schema.json",
            SourceKind::Class => "class.schema.json",
            SourceKind::CompetencyBank => "competency-bank.schema.json",
            SourceKind::CompetencyModel => "competency-model.schema.json",
            SourceKind::Bulletin => "bulletin.schema.json",
            SourceKind::Series => "series.schema.json",
        }
    }

    /// What the kind is called in messages.
    pub fn noun(self) -> &'static str {
        match self {
            SourceKind::Jurisdiction => "jurisdiction",
            SourceKind::Class => "class spec",
            SourceKind::CompetencyBank => "competency bank",
            SourceKind::CompetencyModel => "competency model",
            SourceKind::Bulletin => "bulletin",
            SourceKind::Series => "class series",
        }
    }

    /// The schema as JSON (generated once per process).
    pub fn schema(self) -> &'static Value {
        static SCHEMAS: OnceLock<Vec<Value>> = OnceLock::new();
        let all = SCHEMAS.get_or_init(|| SourceKind::ALL.iter().map(|k| k.generate()).collect());
        &all[self as usize]
    }

    /// The schema as the text `classplan schema` prints and writes.
    pub fn text(self) -> String {
        serde_json::to_string_pretty(self.schema()).unwrap_or_default() + "\n"
    }

    fn generate(self) -> Value {
        let settings = SchemaSettings::draft2020_12();
        let generator = settings.into_generator();
        let schema = match self {
            SourceKind::Jurisdiction => generator.into_root_schema_for::<Jurisdiction>(),
            SourceKind::Class => generator.into_root_schema_for::<ClassSpec>(),
            SourceKind::CompetencyBank => generator.into_root_schema_for::<CompetencyBank>(),
            SourceKind::CompetencyModel => generator.into_root_schema_for::<CompetencyModel>(),
            SourceKind::Bulletin => generator.into_root_schema_for::<Bulletin>(),
            SourceKind::Series => generator.into_root_schema_for::<crate::model::series::SeriesSpec>(),
        };
        let mut v = schema.to_value();
        if let Some(obj) = v.as_object_mut() {
            obj.insert(
                "$id".into(),
                Value::String(format!("https://classplan.invalid/schema/{}", self.schema_file())),
            );
        }
        v
    }
}
