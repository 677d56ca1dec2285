//! The profile names of the shared config files, for `:profile` completion
//! and to refuse a profile that does not exist before any call is made.
//! Only section headers are kept: no value of either file is.

use std::path::PathBuf;

/// The profiles in `AWS_CONFIG_FILE` (or `~/.aws/config`) and, as the SDK
/// also takes a profile defined only there, the section names of
/// `AWS_SHARED_CREDENTIALS_FILE` (or `~/.aws/credentials`); none when
/// neither file exists.
pub fn list() -> Vec<String> {
    let home = || directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
    let config = std::env::var_os("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .or_else(|| home().map(|home| home.join(".aws/config")));
    let credentials = std::env::var_os("AWS_SHARED_CREDENTIALS_FILE")
        .map(PathBuf::from)
        .or_else(|| home().map(|home| home.join(".aws/credentials")));
    let read = |path: Option<PathBuf>| path.and_then(|path| std::fs::read_to_string(path).ok());
    let mut names = read(config)
        .map(|text| from_config_text(&text))
        .unwrap_or_default();
    for name in read(credentials)
        .map(|text| from_credentials_text(&text))
        .unwrap_or_default()
    {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// How the config file is named to the operator.
pub fn config_file_label() -> String {
    std::env::var("AWS_CONFIG_FILE").unwrap_or_else(|_| "~/.aws/config".to_string())
}

/// `[default]` and `[profile NAME]` headers, in file order, once each.
pub fn from_config_text(text: &str) -> Vec<String> {
    headers(text, |header| match header {
        "default" => Some("default"),
        other => other.strip_prefix("profile ").map(str::trim), // not [sso-session x]
    })
}

/// `[NAME]` headers of the credentials file (no `profile ` prefix there).
pub fn from_credentials_text(text: &str) -> Vec<String> {
    headers(text, |header: &str| Some(header))
}

fn headers(text: &str, name_of: impl for<'a> Fn(&'a str) -> Option<&'a str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for line in text.lines() {
        let Some(header) = line
            .trim()
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        else {
            continue;
        };
        let Some(name) = name_of(header.trim()) else {
            continue;
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
        let credentials = "[default]\naws_access_key_id = AKIA\n[legacy]\n";
        assert_eq!(from_credentials_text(credentials), ["default", "legacy"]);
    }
}
