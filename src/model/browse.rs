//! Where to browse a user's files: a home directory turned into S3
//! locations (bucket + prefix), labelled as the user sees them.

use super::login_secret::{Home, HomeMapping};

/// A place to open in the S3 browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub bucket: String,
    /// Empty, or ending with `/`.
    pub prefix: String,
    /// What the user sees: the home path, or a LOGICAL mapping's entry.
    pub label: String,
}

impl Location {
    /// Reads an S3 path as Transfer Family writes it: `/bucket/prefix`.
    /// `None` when there is no bucket name.
    pub fn from_path(path: &str, label: &str) -> Option<Self> {
        let trimmed = path.trim().trim_start_matches('/');
        let (bucket, prefix) = trimmed.split_once('/').unwrap_or((trimmed, ""));
        if bucket.is_empty() {
            return None;
        }
        let prefix = prefix.trim_matches('/');
        Some(Self {
            bucket: bucket.to_string(),
            prefix: if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            },
            label: label.to_string(),
        })
    }

    /// `s3://bucket/prefix`, for messages.
    pub fn url(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.prefix)
    }
}

/// The locations a home directory points to: one for a PATH home, one per
/// mapping for a LOGICAL one (labelled with its entry). An unset or invalid
/// home has none.
pub fn home_locations(home: &Home) -> Vec<Location> {
    match home {
        Home::Path(path) => Location::from_path(path, path).into_iter().collect(),
        Home::Logical(mappings) => mappings.iter().filter_map(mapping_location).collect(),
        Home::Unset | Home::Invalid(_) => Vec::new(),
    }
}

fn mapping_location(mapping: &HomeMapping) -> Option<Location> {
    Location::from_path(&mapping.target, &mapping.entry)
}

/// A service-managed user's home as DescribeUser gives it
/// (`HomeDirectoryType`, `HomeDirectory`, `HomeDirectoryMappings`), in the
/// same form a custom identity provider's secret gives.
pub fn service_managed_home(
    home_directory_type: Option<&str>,
    home_directory: Option<&str>,
    mappings: &[HomeMapping],
) -> Home {
    match (home_directory_type, home_directory) {
        (Some("LOGICAL"), _) if !mappings.is_empty() => Home::Logical(mappings.to_vec()),
        (Some("LOGICAL"), _) => Home::Invalid("LOGICAL home without mappings".into()),
        (_, Some(path)) if !path.is_empty() => Home::Path(path.to_string()),
        _ => Home::Unset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(entry: &str, target: &str) -> HomeMapping {
        HomeMapping {
            entry: entry.into(),
            target: target.into(),
        }
    }

    #[test]
    fn a_path_home_is_its_bucket_and_prefix() {
        let locations = home_locations(&Home::Path("/acme-partner-drop/partner-a".into()));
        assert_eq!(
            locations,
            [Location {
                bucket: "acme-partner-drop".into(),
                prefix: "partner-a/".into(),
                label: "/acme-partner-drop/partner-a".into(),
            }]
        );
        let root = home_locations(&Home::Path("/acme-reports/".into()));
        assert_eq!(root[0].prefix, "");
        assert_eq!(root[0].url(), "s3://acme-reports/");
    }

    #[test]
    fn a_logical_home_gives_each_mapping_labelled_with_its_entry() {
        let home = Home::Logical(vec![
            mapping("/inbound", "/acme-partner-drop/partner-a/inbound"),
            mapping("/reports", "/acme-reports/monthly/"),
            mapping("/broken", "/"),
        ]);
        let locations = home_locations(&home);
        let shown: Vec<_> = locations
            .iter()
            .map(|l| (l.label.as_str(), l.bucket.as_str(), l.prefix.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("/inbound", "acme-partner-drop", "partner-a/inbound/"),
                ("/reports", "acme-reports", "monthly/"),
            ]
        );
    }

    #[test]
    fn no_home_means_nowhere_to_go() {
        assert!(home_locations(&Home::Unset).is_empty());
        assert!(home_locations(&Home::Invalid("x".into())).is_empty());
        assert!(home_locations(&Home::Path("".into())).is_empty());
    }

    #[test]
    fn service_managed_users_read_like_secrets() {
        let maps = [mapping("/", "/b/p")];
        assert_eq!(
            service_managed_home(Some("LOGICAL"), Some("/ignored"), &maps),
            Home::Logical(maps.to_vec())
        );
        assert_eq!(
            service_managed_home(Some("PATH"), Some("/b/p"), &[]),
            Home::Path("/b/p".into())
        );
        assert_eq!(service_managed_home(None, None, &[]), Home::Unset);
        assert!(matches!(
            service_managed_home(Some("LOGICAL"), None, &[]),
            Home::Invalid(_)
        ));
    }
}
