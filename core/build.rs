//! Compiles every `question_bank/*.toml` of the workspace into the crate: `lexicon.toml` as the built-in
//! lexicon, the others as built-in banks.

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    // The banks live at the top of the workspace, beside the binary's sources.
    println!("cargo::rerun-if-changed=../question_bank");
    let mut files: Vec<_> = fs::read_dir("../question_bank")
        .expect("question_bank/ exists at the top of the workspace")
        .map(|entry| entry.expect("question_bank/ is readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let entry = |path: &Path| {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        format!(
            "    ({name:?}, include_str!({:?})),\n",
            Path::new(&manifest_dir).join(path).display().to_string()
        )
    };
    let (lexicon, banks): (Vec<_>, Vec<_>) = files
        .iter()
        .partition(|path| path.file_name().is_some_and(|n| n == "lexicon.toml"));
    let mut code = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    banks.iter().for_each(|path| code.push_str(&entry(path)));
    code.push_str("];\npub static LEXICON: &[(&str, &str)] = &[\n");
    lexicon.iter().for_each(|path| code.push_str(&entry(path)));
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_banks.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
