//! Compiles every `question_bank/*.toml` into the binary as a built-in bank.

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=question_bank");
    let mut files: Vec<_> = fs::read_dir("question_bank")
        .expect("question_bank/ exists at the top of the crate")
        .map(|entry| entry.expect("question_bank/ is readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut code = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            Path::new(&manifest_dir).join(path).display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_banks.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
