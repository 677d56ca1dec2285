//! docs/keys.md, made from the same key tables that handle the keys and
//! feed the `?` help, so the page cannot drift from what the keys do. A
//! test compares the page with the tables; `make docs` writes it again.

use super::PANE_KEYS;
use super::keymap::{Binding, GLOBAL};

/// The whole keys page, in Markdown.
pub fn markdown() -> String {
    let mut page = String::from(
        "# Keys\n\n\
         Made from the console's key tables by `make docs`; the `?` help in the \
         console shows the same tables for the pane on screen.\n\n\
         ## Everywhere\n\n",
    );
    page.push_str(&table(&[GLOBAL]));
    for (pane, tables) in PANE_KEYS {
        page.push_str(&format!("\n## {pane}\n\n"));
        page.push_str(&table(tables));
    }
    page
}

fn table(tables: &[&[Binding]]) -> String {
    let mut rows = String::from("| key | does |\n|---|---|\n");
    // A binding without a label shares the line of the one before it.
    for binding in tables
        .iter()
        .flat_map(|table| table.iter())
        .filter(|b| !b.label.is_empty())
    {
        rows.push_str(&format!(
            "| `{}` | {} |\n",
            binding.label,
            binding.help.replace('|', "\\|")
        ));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md");

    /// `UPDATE_DOCS=1 cargo test --lib keys_page` writes the page instead.
    #[test]
    fn docs_keys_md_is_made_from_the_key_tables() {
        let made = markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(PAGE, &made).unwrap();
        }
        let on_disk = std::fs::read_to_string(PAGE).unwrap_or_default();
        assert!(
            on_disk == made,
            "docs/keys.md differs from the key tables: run `make docs`"
        );
    }

    #[test]
    fn every_pane_and_the_global_keys_are_on_the_page() {
        let page = markdown();
        for (pane, tables) in PANE_KEYS {
            assert!(page.contains(&format!("## {pane}\n")), "{pane}");
            for binding in tables.iter().flat_map(|t| t.iter()) {
                assert!(page.contains(binding.help), "{pane}: {}", binding.help);
            }
        }
        assert!(page.contains("| `q / Ctrl-C` | quit |"), "{page}");
    }
}
