//! One module per subcommand.

pub mod checks;
pub mod collectors;
pub mod coverage;
pub mod detect;
pub mod discover;
pub mod findings;
pub mod history;
pub mod inventory;
pub mod scan;

use std::path::Path;

use anyhow::Context;
use meerkat_store::Store;

/// Opens the inventory, naming the file in the error.
pub fn open_store(db: &Path) -> anyhow::Result<Store> {
    Store::open(db).with_context(|| format!("cannot open the inventory database {}", db.display()))
}
