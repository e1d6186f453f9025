//! Embeds the data catalogs (`models/`, `seeds/`) in the binary with `include_str!`, so the
//! service runs alone and a changed data file triggers a rebuild.
//!
//! Each file is also embedded as the JSON form of its TOML table: `serde_json` reads that
//! several times faster than `toml` reads the text, and every process loads the catalog at
//! start. The TOML text stays the reference (the dataset version hashes it, and a file whose
//! JSON form is missing or unreadable is read from its text, with its line numbers).

use std::{env, fs, path::Path};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut entries = Vec::new();
    // The sheets' message catalogues are embedded with include_dir (src/sheets/i18n.rs).
    println!("cargo:rerun-if-changed=locales");
    for dir in ["models", "seeds"] {
        println!("cargo:rerun-if-changed={dir}");
        let Ok(read) = fs::read_dir(Path::new(&root).join(dir)) else {
            continue;
        };
        let mut files: Vec<_> = read
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            // A file that is not valid TOML gets no JSON form: the catalog reports it from
            // the text when it loads.
            let json = fs::read_to_string(&path)
                .ok()
                .and_then(|text| text.parse::<toml::Table>().ok())
                .and_then(|table| serde_json::to_string(&table).ok())
                .map(|json| {
                    let target = Path::new(&out_dir).join(format!("{dir}-{name}.json"));
                    fs::write(&target, json).expect("write a catalog file's JSON form");
                    format!("Some(include_str!({:?}))", target.display().to_string())
                })
                .unwrap_or_else(|| "None".into());
            entries.push(format!(
                "    ({:?}, include_str!({:?}), {json}),\n",
                format!("{dir}/{name}"),
                path.display().to_string()
            ));
        }
    }
    let out = Path::new(&out_dir).join("embedded_data.rs");
    let code = format!(
        "/// The catalog files embedded at build time: (path relative to the repository, content,\n/// the JSON form of its TOML table).\npub static EMBEDDED: &[(&str, &str, Option<&str>)] = &[\n{}];\n",
        entries.concat()
    );
    fs::write(out, code).expect("write embedded_data.rs");
}
