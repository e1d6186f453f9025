//! Embeds the data catalogs (`models/`, `seeds/`) in the binary with `include_str!`, so the
//! service runs alone and a changed data file triggers a rebuild.

use std::{env, fs, path::Path};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
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
            entries.push(format!(
                "    ({:?}, include_str!({:?})),\n",
                format!("{dir}/{name}"),
                path.display().to_string()
            ));
        }
    }
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_data.rs");
    let code = format!(
        "/// The catalog files embedded at build time: (path relative to the repository, content).\npub static EMBEDDED: &[(&str, &str)] = &[\n{}];\n",
        entries.concat()
    );
    fs::write(out, code).expect("write embedded_data.rs");
}
