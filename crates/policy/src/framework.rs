//! Framework files (`frameworks/<framework_id>.yaml`): the source of each benchmark's
//! control list and of which checks cover each control. A check's METADATA quotes the
//! same control ids; [`crate::Engine::verify_frameworks`] says where they disagree.

use serde::{Deserialize, Serialize};

use crate::Error;

/// One benchmark version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// The key checks use in METADATA `frameworks` (`cis-aws-3.0`).
    pub id: String,
    /// Its full name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Where to read it (link, don't paste).
    pub url: String,
    /// Its controls, in the benchmark's order.
    pub controls: Vec<Control>,
    /// The file it was loaded from.
    #[serde(skip)]
    pub file: String,
}

/// Whether a control can be checked from configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assessment {
    /// The benchmark marks it automated.
    Automated,
    /// The benchmark marks it manual: no check can decide it alone.
    Manual,
}

/// One control of a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// The control id as the benchmark writes it (`1.8`, `AC-6(9)`, `8.3.6`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// The section it belongs to (`1 Identity and Access Management`).
    pub section: String,
    /// Automated or manual, where the framework says (CIS does; NIST and PCI do not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Assessment>,
    /// The checks that cover it (may be empty).
    #[serde(default)]
    pub checks: Vec<String>,
}

impl Framework {
    /// Parses a framework file.
    pub(crate) fn parse(file: &str, text: &str) -> Result<Self, Error> {
        let mut f: Framework =
            yaml_serde::from_str(text).map_err(|e| Error::Framework { file: file.to_owned(), message: e.to_string() })?;
        f.file = file.to_owned();
        let mut seen = std::collections::BTreeSet::new();
        for c in &f.controls {
            if !seen.insert(c.id.as_str()) {
                return Err(Error::Framework { file: file.to_owned(), message: format!("control {} is listed twice", c.id) });
            }
        }
        Ok(f)
    }

    /// The control with this id.
    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }
}
