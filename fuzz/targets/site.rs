//! The site-writer fuzz target: the input is a plan, cut into files as for the loader
//! target (`#>>> PATH` lines; `bearing.yaml` is the configuration), checked, made into
//! the report model, rendered as the HTML site, JSON and Markdown, and the site written
//! into a scratch folder whose output folder holds a link planted for every page name,
//! pointing at a file outside it. A panic is a crash, and so is a broken property:
//!
//! - the built-in templates render every plan, and the site is written (an error for a
//!   plan is a bug: its file names come from validated ids);
//! - every file written is a regular file directly in the output folder, with the bytes
//!   rendered, and nothing outside the folder changed: the planted links are replaced,
//!   never written through (docs/threat-model.md P2, P3);
//! - no HTML page has anything active, as a browser's parser reads it (H1): no script,
//!   frame, object or image, no event handler, no URL but relative ones and `http:`,
//!   `https:` and `mailto:`, no style that loads; a `link` only to `style.css`;
//! - the JSON report is JSON.

use std::collections::BTreeMap;
use std::path::Path;

use bearing::check::check_loaded;
use bearing::load::load;
use bearing::measure::Evidence;
use bearing::report::{self, Input, Overrides};
use bearing_fuzz::{Html, PlanInput, Scratch, active_content};

const VICTIM: &[u8] = b"not the site's\n";

fn main() {
    let mut scratch = Scratch::new("site");
    afl::fuzz!(|data: &[u8]| {
        let input = PlanInput::new(data);
        let config = input.config();
        let as_of = jiff::civil::Date::constant(2026, 10, 1);
        let loaded = load(input.raw_files(), &config.limits.yaml);
        let check = check_loaded(loaded, &config, as_of, &Evidence::default(), None);
        let model = report::build(&check, &config, Input::default());

        let mut json = Vec::new();
        report::json(&model, &mut json).expect("JSON into memory");
        if let Err(e) = serde_json::from_slice::<serde_json::Value>(&json) {
            panic!("the JSON report is not JSON: {e}");
        }
        // The Markdown may be refused (a limit), never panic.
        let _ = report::markdown(&model, &Overrides::new());

        let site = report::site(&model, &Overrides::new())
            .unwrap_or_else(|e| panic!("the built-in templates failed: {e}"));
        let root = scratch.fresh();
        let out = root.join("site");
        std::fs::create_dir(&out).expect("output folder");
        std::fs::write(root.join("victim"), VICTIM).expect("victim");
        for file in &site.files {
            // A name that is no plain file name is refused by the writer below.
            if !file.name.contains('/')
                && !file.name.is_empty()
                && file.name != "."
                && file.name != ".."
            {
                let _ = std::os::unix::fs::symlink("../victim", out.join(&file.name));
            }
        }
        let written = report::site::write(&root, &out, &site.files)
            .unwrap_or_else(|e| panic!("the site was not written: {e}"));
        assert_eq!(written.files, site.files.len());

        assert_eq!(
            std::fs::read(root.join("victim")).ok().as_deref(),
            Some(VICTIM),
            "a file outside the output folder changed"
        );
        let outside = entries(&root);
        assert_eq!(
            outside.keys().map(String::as_str).collect::<Vec<_>>(),
            ["site", "victim"],
            "something was written beside the output folder"
        );
        let mut expected: BTreeMap<&str, &[u8]> = site
            .files
            .iter()
            .map(|f| (f.name.as_str(), f.bytes.as_slice()))
            .collect();
        let on_disk = entries(&out);
        for (name, kind) in &on_disk {
            assert_eq!(kind, "file", "`{name}` in the output folder is a {kind}");
            if name == report::site::MANIFEST {
                continue;
            }
            let bytes = expected
                .remove(name.as_str())
                .unwrap_or_else(|| panic!("`{name}` was written, yet is no file of the site"));
            assert_eq!(
                std::fs::read(out.join(name)).ok().as_deref(),
                Some(bytes),
                "`{name}` does not hold what was rendered"
            );
        }
        assert!(expected.is_empty(), "not written: {:?}", expected.keys());

        for file in &site.files {
            if !file.name.ends_with(".html") {
                continue;
            }
            let html = std::str::from_utf8(&file.bytes).expect("pages are UTF-8");
            if let Some(active) = active_content(html, Html::Page) {
                panic!("`{}` has {active}", file.name);
            }
        }
    });
}

/// Each entry of a folder, by name, with what it is: `file`, `folder`, `link` or
/// `other` (never following a link).
fn entries(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .expect("the folder reads")
        .map(|entry| {
            let entry = entry.expect("an entry");
            let kind = match entry.file_type() {
                Ok(t) if t.is_symlink() => "link",
                Ok(t) if t.is_file() => "file",
                Ok(t) if t.is_dir() => "folder",
                _ => "other",
            };
            (
                entry.file_name().to_string_lossy().into_owned(),
                kind.to_owned(),
            )
        })
        .collect()
}
