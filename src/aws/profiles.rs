//! The profile names of the shared config file, for `:profile` completion.
//! Only section headers are read; the credentials file is never opened.

use std::path::PathBuf;

/// The profiles in `AWS_CONFIG_FILE` or `~/.aws/config`; none when there is
/// no such file (completion then offers nothing, typing still works).
pub fn list() -> Vec<String> {
    let path = std::env::var_os("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|dirs| dirs.home_dir().join(".aws/config")));
    path.and_then(|path| std::fs::read_to_string(path).ok())
        .map(|text| from_config_text(&text))
        .unwrap_or_default()
}

/// `[default]` and `[profile NAME]` headers, in file order, once each.
pub fn from_config_text(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for line in text.lines() {
        let Some(header) = line
            .trim()
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        else {
            continue;
        };
        let name = match header.trim() {
            "default" => "default",
            other => match other.strip_prefix("profile ") {
                Some(name) => name.trim(),
                None => continue, // [sso-session x], [services x]
            },
        };
        if !name.is_empty() && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_profile_headers_count() {
        let text = "[default]\nregion = ap-northeast-1\n[profile prod]\nsso_session = x\n\
                    [sso-session x]\n[profile  staging ]\n# [profile commented]\n[profile prod]\n";
        assert_eq!(from_config_text(text), ["default", "prod", "staging"]);
    }
}
