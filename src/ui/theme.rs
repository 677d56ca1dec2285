//! Colours by meaning. Call sites ask for a style (`theme.selection()`),
//! never for a raw colour, so a theme file can change every one of them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use toml::Spanned;

/// The themes shipped inside the binary, by name.
const BUILT_IN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("basic16", include_str!("../../themes/basic16.toml")),
];

/// Every key a theme file may set; a file sets any subset of them.
pub const KEYS: &[&str] = &[
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
    #[error("theme {name}, line {line}: unknown key {key:?} (known keys: {})", KEYS.join(", "))]
    UnknownKey {
        name: String,
        line: usize,
        key: String,
    },
    #[error(
        "theme {name}, line {line}: {key} = {value:?} is not a colour \
         (a name such as \"cyan\", \"#rrggbb\", 0-255 or \"reset\")"
    )]
    BadColour {
        name: String,
        line: usize,
        key: String,
        value: String,
    },
    #[error("theme {name}: cannot read it: {source}")]
    Read {
        name: String,
        source: std::io::Error,
    },
    #[error(
        "no theme named {name:?}: built in are {}, or a file in {} or a path",
        built_in_names().join(", "),
        user_theme_dir().map_or("the config directory".into(), |dir| dir.display().to_string())
    )]
    NotFound { name: String },
}

/// The names `--theme` accepts without a path.
pub fn built_in_names() -> Vec<&'static str> {
    BUILT_IN.iter().map(|(name, _)| *name).collect()
}

/// Where users keep their own themes: `~/.config/transfer-console/themes`
/// on Linux.
pub fn user_theme_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "transfer-console")
        .map(|dirs| dirs.config_dir().join("themes"))
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |before| before.matches('\n').count())
        + 1
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
        // The embedded files are checked by a test; a failure here is a build bug.
        if let Err(err) = theme.apply("default", BUILT_IN[0].1) {
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

    /// Loads `name_or_path`: a built-in theme's name, the name of a file in
    /// the user's theme directory (`<name>.toml`), or a path to a TOML
    /// file. A file overrides only the keys it sets, over the default.
    pub fn load(name_or_path: &str) -> Result<Self, ThemeError> {
        Self::load_from(name_or_path, user_theme_dir().as_deref())
    }

    fn load_from(name_or_path: &str, user_dir: Option<&Path>) -> Result<Self, ThemeError> {
        let mut theme = Self::default_theme();
        if let Some((name, text)) = BUILT_IN.iter().find(|(name, _)| *name == name_or_path) {
            theme.apply(name, text)?;
            return Ok(theme);
        }
        let in_user_dir = user_dir
            .map(|dir| dir.join(format!("{name_or_path}.toml")))
            .filter(|path| path.is_file());
        let path = match in_user_dir {
            Some(path) => path,
            None if Path::new(name_or_path).is_file() => PathBuf::from(name_or_path),
            None => {
                return Err(ThemeError::NotFound {
                    name: name_or_path.to_string(),
                });
            }
        };
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|source| ThemeError::Read {
            name: name.clone(),
            source,
        })?;
        theme.apply(&name, &text)?;
        Ok(theme)
    }

    fn apply(&mut self, name: &str, text: &str) -> Result<(), ThemeError> {
        let table: BTreeMap<Spanned<String>, Spanned<String>> =
            toml::from_str(text).map_err(|source| ThemeError::Syntax {
                name: name.to_string(),
                source,
            })?;
        for (key, value) in table {
            let line = line_of(text, key.span().start);
            let (key, value) = (key.into_inner(), value.into_inner());
            let Some(known) = KEYS.iter().find(|k| **k == key) else {
                return Err(ThemeError::UnknownKey {
                    name: name.to_string(),
                    line,
                    key,
                });
            };
            let colour = Color::from_str(&value).map_err(|_| ThemeError::BadColour {
                name: name.to_string(),
                line,
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
    fn every_built_in_theme_loads_and_sets_every_key() {
        for (name, text) in BUILT_IN {
            let mut theme = Theme {
                colours: BTreeMap::new(),
                coloured: true,
            };
            theme.apply(name, text).unwrap();
            for key in KEYS {
                assert!(theme.colours.contains_key(key), "{name}.toml lacks {key}");
            }
            assert!(Theme::load(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn basic16_uses_only_the_sixteen_ansi_colours() {
        let theme = Theme::load("basic16").unwrap();
        for (key, colour) in &theme.colours {
            let ansi = matches!(
                colour,
                Color::Reset
                    | Color::Black
                    | Color::Red
                    | Color::Green
                    | Color::Yellow
                    | Color::Blue
                    | Color::Magenta
                    | Color::Cyan
                    | Color::Gray
                    | Color::DarkGray
                    | Color::LightRed
                    | Color::LightGreen
                    | Color::LightYellow
                    | Color::LightBlue
                    | Color::LightMagenta
                    | Color::LightCyan
                    | Color::White
            );
            assert!(ansi, "basic16: {key} = {colour:?}");
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
    fn broken_files_name_the_line_and_what_is_wrong() {
        let mut theme = Theme::default_theme();
        let err = theme
            .apply("mine", "# mine\ntext = \"reset\"\ntitle = \"nocolour\"\n")
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("theme mine, line 3: title = \"nocolour\" is not a colour"),
            "{err}"
        );
        let err = theme.apply("mine", "\n\ntitel = \"red\"").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("theme mine, line 3: unknown key \"titel\""),
            "{err}"
        );
        let err = theme
            .apply("mine", "text = \"reset\"\ntitle = \n")
            .unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        let err = theme.apply("mine", "title = 5\n").unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn themes_are_found_by_name_in_the_user_directory_then_by_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ocean.toml"), "title = \"blue\"\n").unwrap();
        let theme = Theme::load_from("ocean", Some(dir.path())).unwrap();
        assert_eq!(theme.colours["title"], Color::Blue);

        let path = dir.path().join("ocean.toml");
        let theme = Theme::load_from(&path.to_string_lossy(), None).unwrap();
        assert_eq!(theme.colours["title"], Color::Blue);

        let err = Theme::load_from("nosuch", Some(dir.path())).unwrap_err();
        assert!(matches!(err, ThemeError::NotFound { .. }), "{err}");
        assert!(
            err.to_string()
                .contains("default, light, high-contrast, basic16")
        );
    }

    #[test]
    fn a_broken_theme_file_is_reported_with_its_path_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("broken.toml");
        std::fs::write(&path, "text = \"reset\"\nheader = \"yelow\"\n").unwrap();
        let err = Theme::load_from("broken", Some(dir.path())).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains(&path.display().to_string()), "{shown}");
        assert!(shown.contains("line 2: header = \"yelow\""), "{shown}");
    }
}
