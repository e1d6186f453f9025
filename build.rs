//! Embeds the data catalogs (`models/`, `seeds/`) in the binary with `include_str!`, so the
//! service runs alone and a changed data file triggers a rebuild.
//!
//! Every process loads the catalog at start, so build.rs does the work that does not change
//! between runs:
//! - each file is also embedded in a JSON form of its TOML table (`JsonForm`): its top-level
//!   keys, its `[sources]` table, and the rest, which `serde_json` reads straight into the
//!   typed form several times faster than `toml` reads the text;
//! - the dataset version (a hash of every file) is computed here, by the function that
//!   versions a `--data` directory (`src/catalog/version.rs`).
//!
//! The TOML text stays the reference: a file whose JSON form is missing or unreadable is
//! read from its text, with its line numbers.

use std::{env, fs, path::Path};

#[path = "src/catalog/version.rs"]
mod version;

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut entries = Vec::new();
    let mut texts = Vec::new();
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
            let text = fs::read_to_string(&path).expect("read a catalog file");
            let out = |part: &str, json: String| {
                let target = Path::new(&out_dir).join(format!("{dir}-{name}.{part}.json"));
                fs::write(&target, json).expect("write a catalog file's JSON form");
                format!("include_str!({:?})", target.display().to_string())
            };
            // A file that is not valid TOML gets no JSON form: the catalog reports it from
            // the text when it loads.
            let json = match text.parse::<toml::Table>() {
                Err(_) => "None".to_string(),
                Ok(mut table) => {
                    let keys: Vec<String> = table.keys().cloned().collect();
                    let sources = match table.remove("sources") {
                        Some(s) => format!("Some({})", out("sources", to_json(&s))),
                        None => "None".into(),
                    };
                    format!(
                        "Some(JsonForm {{ keys: &{keys:?}, sources: {sources}, content: {}, sources_only: false }})",
                        out("content", to_json(&toml::Value::Table(table)))
                    )
                }
            };
            entries.push(format!(
                "    ({:?}, include_str!({:?}), {json}),\n",
                format!("{dir}/{name}"),
                path.display().to_string()
            ));
            texts.push((format!("{dir}/{name}"), text));
        }
    }
    texts.sort();
    let version = version::content_version(texts.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let out = Path::new(&out_dir).join("embedded_data.rs");
    let code = format!(
        "/// The catalog files embedded at build time: (path relative to the repository, content,\n\
         /// JSON form), in path order.\n\
         pub(crate) static EMBEDDED: &[(&str, &str, Option<JsonForm>)] = &[\n{}];\n\
         /// The dataset version of [`EMBEDDED`].\n\
         pub(crate) const EMBEDDED_VERSION: &str = {version:?};\n",
        entries.concat()
    );
    fs::write(out, code).expect("write embedded_data.rs");
}

fn to_json(value: &toml::Value) -> String {
    serde_json::to_string(value).expect("a TOML value has a JSON form")
}
