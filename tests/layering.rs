//! The module flow as a checked fact.
//!
//! Every `.rs` file under `src/` is read, and each reference to another top-level module of
//! the crate (`use crate::x::…`, `crate::x::…` in code, `crate::{x, y}`, intra-doc links and
//! `tanso::x` in doc-tests) is checked against [`RULES`]: a module may refer only to the
//! modules its row names. Separately, HTTP (`actix…` identifiers and `http::` paths) may
//! appear only in the I/O modules listed in [`HTTP_ALLOWED`].
//!
//! `super::` paths are not checked: they never leave the module they are written in except
//! through a parent, and the parent of a top-level module is the crate root.
//!
//! Adding a module: add its row to [`RULES`] below the rows it may use. Breaking a rule on
//! purpose: don't; if it must be so for a while, add an entry to [`EXCEPTIONS`] naming the
//! file and the reason. An entry that no longer matches anything fails the test, so it cannot
//! outlive its reason.

use std::fs;
use std::path::Path;

/// What a module may refer to.
enum May {
    /// Only these modules (and itself).
    Only(&'static [&'static str]),
    /// Any module: the I/O layer at the top.
    Anything,
}
use May::{Anything, Only};

/// The module flow, lowest layer first. A row may name only rows above it, so the table
/// cannot describe a cycle (checked by `rules_table_is_ordered`).
#[rustfmt::skip]
const RULES: &[(&str, May)] = &[
    // module        may refer to
    ("error",       Only(&[])),
    ("units",       Only(&[])),
    ("calendar",    Only(&[])),
    ("uncertainty", Only(&["units", "calendar"])),
    ("sun",         Only(&["units", "calendar"])),
    ("catalog",     Only(&["units", "calendar", "uncertainty"])),
    ("weather",     Only(&["units", "calendar", "sun", "catalog"])),
    ("models",      Only(&["error", "units", "calendar", "uncertainty", "sun", "catalog", "weather"])),
    ("scenario",    Only(&["error", "units", "calendar", "uncertainty", "sun", "catalog", "weather", "models"])),
    // I/O: anything.
    ("api",         Anything),
    ("cli",         Anything),
    ("sheets",      Anything),
    ("web",         Anything),
    ("store",       Anything),
];

/// Known breaks of [`RULES`]: (file, module it refers to, why). Each entry is a debt.
#[rustfmt::skip]
const EXCEPTIONS: &[(&str, &str, &str)] = &[];

/// Macros exported at the crate root (`crate::name!`), with the module that defines them:
/// a reference to one counts as a reference to that module.
const ROOT_MACROS: &[(&str, &str)] = &[("model_inputs", "models"), ("choices", "models")];

/// Files and folders where HTTP types (`actix…`, `http::`) may appear.
const HTTP_ALLOWED: &[&str] = &["src/api/", "src/main.rs", "src/web/", "src/store/"];

/// Files at the crate roots: they declare the modules and may refer to any of them.
const ROOTS: &[&str] = &["src/lib.rs", "src/main.rs"];

#[test]
fn modules_follow_the_flow() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect_rs_files(&root.join("src"), &mut files);
    files.sort();
    assert!(
        files.len() > 10,
        "found only {} files under src/",
        files.len()
    );

    let mut problems = Vec::new();
    let mut used_exceptions = vec![false; EXCEPTIONS.len()];
    for path in &files {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = fs::read_to_string(path).unwrap();
        let views = split_views(&text);
        check_references(&rel, &views, &mut used_exceptions, &mut problems);
        check_http(&rel, &views.code, &mut problems);
    }
    for ((file, target, _), used) in EXCEPTIONS.iter().zip(&used_exceptions) {
        if !used {
            problems.push(format!(
                "tests/layering.rs: exception ({file} → {target}) matches nothing any more; \
                 remove it from EXCEPTIONS"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} layering problem(s) (rules table in tests/layering.rs):\n  {}\n",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn rules_table_is_ordered() {
    for (i, (module, may)) in RULES.iter().enumerate() {
        if let Only(allowed) = may {
            for a in *allowed {
                assert!(
                    RULES[..i].iter().any(|(m, _)| m == a),
                    "RULES: `{module}` may use `{a}`, which is not in a row above it"
                );
            }
        }
    }
    for (file, target, _) in EXCEPTIONS {
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(file).exists(),
            "EXCEPTIONS: {file} does not exist"
        );
        assert!(
            rule(target).is_some(),
            "EXCEPTIONS: unknown module {target}"
        );
    }
}

fn rule(module: &str) -> Option<&'static May> {
    RULES.iter().find(|(m, _)| *m == module).map(|(_, may)| may)
}

/// The top-level module a file belongs to (`src/weather/csv.rs` → `weather`).
fn module_of(rel: &str) -> &str {
    let inner = rel.strip_prefix("src/").unwrap_or(rel);
    let first = inner.split('/').next().unwrap_or(inner);
    first.strip_suffix(".rs").unwrap_or(first)
}

fn check_references(
    rel: &str,
    views: &Views,
    used_exceptions: &mut [bool],
    problems: &mut Vec<String>,
) {
    if ROOTS.contains(&rel) {
        return;
    }
    let module = module_of(rel);
    let Some(may) = rule(module) else {
        problems.push(format!(
            "{rel}: module `{module}` is not in the RULES table; add a row for it"
        ));
        return;
    };
    let mut refs = references(&views.code);
    refs.extend(references(&views.docs));
    refs.sort();
    for (line, mut target) in refs {
        if let Some((_, home)) = ROOT_MACROS.iter().find(|(m, _)| *m == target) {
            target = home.to_string();
        }
        if target == module {
            continue;
        }
        let Some(_) = rule(&target) else {
            problems.push(format!(
                "{rel}:{line}: refers to `crate::{target}`, which is not in the RULES table"
            ));
            continue;
        };
        let allowed = match may {
            Anything => true,
            Only(list) => list.contains(&target.as_str()),
        };
        if allowed {
            continue;
        }
        if let Some(i) = EXCEPTIONS
            .iter()
            .position(|(f, t, _)| *f == rel && *t == target)
        {
            used_exceptions[i] = true;
            continue;
        }
        let Only(list) = may else { unreachable!() };
        let list = if list.is_empty() {
            "nothing else in the crate".to_string()
        } else {
            format!("only {}", list.join(", "))
        };
        problems.push(format!(
            "{rel}:{line}: `{module}` refers to `{target}`; rule: {module} may use {list}"
        ));
    }
}

fn check_http(rel: &str, code: &str, problems: &mut Vec<String>) {
    if HTTP_ALLOWED
        .iter()
        .any(|a| rel == *a || (a.ends_with('/') && rel.starts_with(a)))
    {
        return;
    }
    for needle in ["actix", "http::"] {
        for at in word_matches(code, needle) {
            problems.push(format!(
                "{rel}:{}: mentions `{needle}`; rule: HTTP belongs in {}",
                line_of(code, at),
                HTTP_ALLOWED.join(", ")
            ));
        }
    }
}

/// Byte offsets where `needle` starts at a word boundary (not preceded by `[A-Za-z0-9_]`).
fn word_matches<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(needle)
        .map(|(at, _)| at)
        .filter(move |&at| at == 0 || !is_ident(text.as_bytes()[at - 1]))
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].bytes().filter(|&b| b == b'\n').count() + 1
}

/// The top-level modules named after `crate::` or `tanso::`, with their line numbers:
/// `crate::a::b` → a; `crate::{a::b, c}` → a, c; `$crate::a` → a.
fn references(text: &str) -> Vec<(usize, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for prefix in ["crate::", "tanso::"] {
        for at in word_matches(text, prefix) {
            let mut i = at + prefix.len();
            if bytes.get(i) == Some(&b'{') {
                // A group: the first identifier of each top-level item.
                let mut depth = 0;
                let mut expect_item = true;
                while i < bytes.len() {
                    match bytes[i] {
                        b'{' => {
                            depth += 1;
                            expect_item = depth == 1;
                        }
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        b',' if depth == 1 => expect_item = true,
                        b if expect_item && is_ident(b) => {
                            let end = ident_end(bytes, i);
                            push_target(&mut out, text, i, end);
                            expect_item = false;
                            i = end;
                            continue;
                        }
                        _ => {}
                    }
                    i += 1;
                }
            } else {
                let end = ident_end(bytes, i);
                push_target(&mut out, text, i, end);
            }
        }
    }
    out
}

fn ident_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && is_ident(bytes[i]) {
        i += 1;
    }
    i
}

fn push_target(out: &mut Vec<(usize, String)>, text: &str, start: usize, end: usize) {
    let name = &text[start..end];
    if !name.is_empty() && name != "self" && name != "super" {
        out.push((line_of(text, start), name.to_string()));
    }
}

/// A source file split in two views of the same length and line structure: `code` with
/// comments and the contents of string and char literals blanked, and `docs` with only the
/// text of `///` and `//!` doc comments (intra-doc links and doc-tests).
struct Views {
    code: String,
    docs: String,
}

fn split_views(text: &str) -> Views {
    let b = text.as_bytes();
    let n = b.len();
    let blank = |c: u8| if c == b'\n' { b'\n' } else { b' ' };
    let mut code = Vec::with_capacity(n);
    let mut docs = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            // Line comment: doc text goes to `docs`, everything else is dropped.
            let end = b[i..].iter().position(|&x| x == b'\n').map_or(n, |p| i + p);
            let is_doc = match b.get(i + 2) {
                Some(b'!') => true,
                Some(b'/') => b.get(i + 3) != Some(&b'/'),
                _ => false,
            };
            for &x in &b[i..end] {
                code.push(blank(x));
                docs.push(if is_doc { x } else { blank(x) });
            }
            i = end;
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            // Block comment (nested), dropped.
            let mut depth = 0;
            let start = i;
            while i < n {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            for &x in &b[start..i] {
                code.push(blank(x));
                docs.push(blank(x));
            }
        } else if c == b'r'
            && (i == 0 || !is_ident(b[i - 1]) || b[i - 1] == b'b')
            && matches!(b.get(i + 1), Some(b'"') | Some(b'#'))
            && raw_string_end(b, i).is_some()
        {
            let end = raw_string_end(b, i).unwrap();
            for &x in &b[i..end] {
                code.push(blank(x));
                docs.push(blank(x));
            }
            i = end;
        } else if c == b'"' {
            let start = i;
            i += 1;
            while i < n && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(n);
            for &x in &b[start..i] {
                code.push(blank(x));
                docs.push(blank(x));
            }
        } else if c == b'\'' {
            // A char literal ('x', '\n', 'é') or a lifetime/label ('a).
            let end = if b.get(i + 1) == Some(&b'\\') {
                b[i + 2..]
                    .iter()
                    .position(|&x| x == b'\'')
                    .map(|p| i + 2 + p + 1)
            } else {
                let len = text[i + 1..].chars().next().map_or(0, char::len_utf8);
                (len > 0 && b.get(i + 1 + len) == Some(&b'\'')).then_some(i + 2 + len)
            };
            match end {
                Some(end) => {
                    for &x in &b[i..end] {
                        code.push(blank(x));
                        docs.push(blank(x));
                    }
                    i = end;
                }
                None => {
                    code.push(c);
                    docs.push(b' ');
                    i += 1;
                }
            }
        } else {
            code.push(c);
            docs.push(blank(c));
            i += 1;
        }
    }
    Views {
        code: String::from_utf8(code).expect("whole characters copied or blanked"),
        docs: String::from_utf8(docs).expect("whole characters copied or blanked"),
    }
}

/// End (exclusive) of a raw string `r#"…"#` starting at `i` (the `r`).
fn raw_string_end(b: &[u8], i: usize) -> Option<usize> {
    let hashes = b[i + 1..].iter().take_while(|&&x| x == b'#').count();
    let open = i + 1 + hashes;
    if b.get(open) != Some(&b'"') {
        return None;
    }
    let close: Vec<u8> = std::iter::once(b'"')
        .chain(std::iter::repeat_n(b'#', hashes))
        .collect();
    b[open + 1..]
        .windows(close.len())
        .position(|w| w == close.as_slice())
        .map(|p| open + 1 + p + close.len())
}

// The scanner itself, on small inputs.

fn refs_in(src: &str) -> Vec<(usize, String)> {
    let v = split_views(src);
    let mut r = references(&v.code);
    r.extend(references(&v.docs));
    r.sort();
    r
}

#[test]
fn scanner_finds_paths_groups_and_doc_links() {
    let src = "use crate::models::solar::sun::{a, b};\n\
               use crate::{units::Energy, calendar::{Date, days_in_month}};\n\
               /// See [`crate::scenario::estimate`].\n\
               //! use tanso::weather::Weather;\n\
               fn f() { let _ = $crate::sun::x; let _ = crate::catalog::Y::new(); }\n";
    let names = |r: Vec<(usize, String)>| {
        r.into_iter()
            .map(|(l, n)| format!("{l}:{n}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(refs_in(src)),
        [
            "1:models",
            "2:calendar",
            "2:units",
            "3:scenario",
            "4:weather",
            "5:catalog",
            "5:sun"
        ]
    );
}

#[test]
fn scanner_ignores_comments_strings_and_other_crates() {
    let src = "// use crate::scenario::x;\n\
               /* crate::api */\n\
               let s = \"crate::cli::run\";\n\
               let r = r#\"tanso::http \"quoted\" crate::api\"#;\n\
               let c = '\"'; let l: &'static str = \"\";\n\
               use mycrate::models; use super::super::scenario;\n\
               use crate::units::Energy;\n";
    assert_eq!(refs_in(src), [(7, "units".to_string())]);
}

#[test]
fn http_check_skips_prose_but_not_code() {
    let v = split_views(
        "/// The API (actix-web) turns this into a 400.\nuse actix_web::http::StatusCode;\n",
    );
    let mut problems = Vec::new();
    check_http("src/scenario/x.rs", &v.code, &mut problems);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems
            .iter()
            .all(|p| p.starts_with("src/scenario/x.rs:2:"))
    );
    problems.clear();
    check_http("src/api/x.rs", &v.code, &mut problems);
    assert!(problems.is_empty());
}

/// Every `.rs` file under `dir`, recursively.
fn collect_rs_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rs_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
