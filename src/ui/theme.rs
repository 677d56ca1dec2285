//! Colours by meaning. Call sites ask for a style (`theme.selection()`),
//! never for a raw colour, so a theme file can change every one of them.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

const DEFAULT: &str = include_str!("../../themes/default.toml");

/// Every key a theme file may set; a file sets any subset of them.
const KEYS: &[&str] = &[
    "text",
    "text_dim",
    "title",
    "border",
    "header",
    "key",
    "selection_fg",
    "selection_bg",
    "status_bar_fg",
    "status_bar_bg",
    "status_ok",
    "status_warning",
    "status_error",
    "read_only",
];

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("theme {name}: {source}")]
    Syntax {
        name: String,
        source: toml::de::Error,
    },
    #[error("theme {name}: unknown key {key:?} (known keys: {})", KEYS.join(", "))]
    UnknownKey { name: String, key: String },
    #[error("theme {name}: {key} = {value:?} is not a colour")]
    BadColour {
        name: String,
        key: String,
        value: String,
    },
    #[error("theme {name}: cannot read it: {source}")]
    Read {
        name: String,
        source: std::io::Error,
    },
    #[error("no theme named {0:?} (built in: default)")]
    NotFound(String),
}

#[derive(Debug, Clone)]
pub struct Theme {
    colours: BTreeMap<&'static str, Color>,
    /// False under NO_COLOR: emphasis then comes from bold and reverse video.
    coloured: bool,
}

impl Theme {
    /// The built-in default theme.
    pub fn default_theme() -> Self {
        let mut theme = Self {
            colours: BTreeMap::new(),
            coloured: true,
        };
        // The embedded file is checked by a test; a failure here is a build bug.
        if let Err(err) = theme.apply("default", DEFAULT) {
            panic!("built-in theme is broken: {err}");
        }
        theme
    }

    /// No colours at all, for NO_COLOR (https://no-color.org).
    pub fn monochrome() -> Self {
        Self {
            coloured: false,
            ..Self::default_theme()
        }
    }

    /// Loads `name_or_path`: a path to a TOML file, or the name of a built-in
    /// theme. The file overrides only the keys it sets.
    pub fn load(name_or_path: &str) -> Result<Self, ThemeError> {
        let mut theme = Self::default_theme();
        if name_or_path == "default" {
            return Ok(theme);
        }
        let path = Path::new(name_or_path);
        if !path.exists() {
            return Err(ThemeError::NotFound(name_or_path.to_string()));
        }
        let text = std::fs::read_to_string(path).map_err(|source| ThemeError::Read {
            name: name_or_path.to_string(),
            source,
        })?;
        theme.apply(name_or_path, &text)?;
        Ok(theme)
    }

    fn apply(&mut self, name: &str, text: &str) -> Result<(), ThemeError> {
        let table: BTreeMap<String, String> =
            toml::from_str(text).map_err(|source| ThemeError::Syntax {
                name: name.to_string(),
                source,
            })?;
        for (key, value) in table {
            let Some(known) = KEYS.iter().find(|k| **k == key) else {
                return Err(ThemeError::UnknownKey {
                    name: name.to_string(),
                    key,
                });
            };
            let colour = Color::from_str(&value).map_err(|_| ThemeError::BadColour {
                name: name.to_string(),
                key: key.clone(),
                value: value.clone(),
            })?;
            self.colours.insert(known, colour);
        }
        Ok(())
    }

    fn fg(&self, key: &str) -> Style {
        match (self.coloured, self.colours.get(key)) {
            (true, Some(colour)) => Style::new().fg(*colour),
            _ => Style::new(),
        }
    }

    pub fn text(&self) -> Style {
        self.fg("text")
    }

    pub fn dim(&self) -> Style {
        self.fg("text_dim")
    }

    pub fn title(&self) -> Style {
        self.fg("title").add_modifier(Modifier::BOLD)
    }

    pub fn border(&self) -> Style {
        self.fg("border")
    }

    pub fn header(&self) -> Style {
        self.fg("header").add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.fg("key").add_modifier(Modifier::BOLD)
    }

    pub fn selection(&self) -> Style {
        if !self.coloured {
            return Style::new().add_modifier(Modifier::REVERSED);
        }
        Style::new()
            .fg(self.colours["selection_fg"])
            .bg(self.colours["selection_bg"])
    }

    pub fn status_bar(&self) -> Style {
        if !self.coloured {
            return Style::new().add_modifier(Modifier::REVERSED);
        }
        Style::new()
            .fg(self.colours["status_bar_fg"])
            .bg(self.colours["status_bar_bg"])
    }

    pub fn ok(&self) -> Style {
        self.fg("status_ok")
    }

    pub fn warning(&self) -> Style {
        self.fg("status_warning")
    }

    pub fn error(&self) -> Style {
        self.fg("status_error").add_modifier(Modifier::BOLD)
    }

    pub fn read_only(&self) -> Style {
        self.fg("read_only").add_modifier(Modifier::BOLD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_theme_sets_every_key() {
        let theme = Theme::default_theme();
        for key in KEYS {
            assert!(theme.colours.contains_key(key), "default.toml lacks {key}");
        }
    }

    #[test]
    fn a_file_overrides_only_what_it_sets() {
        let mut theme = Theme::default_theme();
        theme.apply("mine", "title = \"#ff0000\"").unwrap();
        assert_eq!(theme.colours["title"], Color::Rgb(255, 0, 0));
        assert_eq!(theme.colours["header"], Color::Yellow);
    }

    #[test]
    fn broken_files_say_what_is_wrong() {
        let mut theme = Theme::default_theme();
        let err = theme.apply("mine", "title = \"nocolour\"").unwrap_err();
        assert!(
            err.to_string()
                .contains("title = \"nocolour\" is not a colour")
        );
        let err = theme.apply("mine", "titel = \"red\"").unwrap_err();
        assert!(err.to_string().contains("unknown key \"titel\""));
        let err = theme.apply("mine", "title = \n").unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }
}
