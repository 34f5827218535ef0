//! Embeds the built-in pack: walks `policies/` at the workspace root and writes
//! `$OUT_DIR/builtin_pack.rs`, a slice of (relative path, `include_str!`) for every
//! `.rego` file and framework file. Adding a check is adding a file: no list to edit.

use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        match e.file_type() {
            Ok(t) if t.is_dir() => walk(&path, out),
            Ok(t) if t.is_file() => out.push(path),
            _ => {}
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.join("../../policies");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut code = String::from("/// (path relative to `policies/`, text) of the built-in pack.\npub static FILES: &[(&str, &str)] = &[\n");
    for path in files {
        let rel = path.strip_prefix(&root).expect("walked under root").to_string_lossy().replace('\\', "/");
        let wanted = rel.ends_with(".rego") || (rel.starts_with("frameworks/") && rel.ends_with(".yaml"));
        if !wanted {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let absolute = path.canonicalize().expect("a walked file exists");
        code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", absolute.display().to_string()));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_pack.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
