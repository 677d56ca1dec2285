//! A resource's tags and the limits AWS puts on them, checked where they
//! are typed so that nothing AWS would refuse is sent.

/// Tags on one resource, at most.
pub const MAX_TAGS: usize = 50;
/// Characters of a key, at most (AWS counts Unicode characters).
pub const MAX_KEY: usize = 128;
/// Characters of a value, at most.
pub const MAX_VALUE: usize = 256;
/// Keys under this prefix belong to AWS.
const RESERVED: &str = "aws:";
/// The `aws:` keys Transfer Family reads from its operator: a server's
/// custom hostname and its Route 53 zone.
const TRANSFER_KEYS: &[&str] = &[
    "aws:transfer:customHostname",
    "aws:transfer:route53HostedZoneId",
];

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// One change to a resource's tags, as sent and as audited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagChange {
    /// TagResource: a new key, or a new value for a key (`before`).
    Set {
        key: String,
        value: String,
        before: Option<String>,
    },
    /// UntagResource.
    Remove { key: String, before: String },
}

impl TagChange {
    pub fn key(&self) -> &str {
        match self {
            Self::Set { key, .. } | Self::Remove { key, .. } => key,
        }
    }

    /// What the change does, in a few words.
    pub fn describe(&self) -> String {
        match self {
            Self::Set {
                key, before: None, ..
            } => format!("adding tag {key}"),
            Self::Set { key, .. } => format!("changing tag {key}"),
            Self::Remove { key, .. } => format!("removing tag {key}"),
        }
    }

    /// The audit log's field, before and after.
    pub fn audit_fields(&self) -> (&'static str, Option<String>, String) {
        match self {
            Self::Set { key, value, before } => (
                "Tag",
                before.as_ref().map(|before| format!("{key}={before}")),
                format!("{key}={value}"),
            ),
            Self::Remove { key, before } => {
                ("Tag", Some(format!("{key}={before}")), "(removed)".into())
            }
        }
    }

    /// Whether `tags`, read again after a failure, show the change made.
    pub fn is_in(&self, tags: &[Tag]) -> bool {
        match self {
            Self::Set { key, value, .. } => tags.iter().any(|t| &t.key == key && &t.value == value),
            Self::Remove { key, .. } => tags.iter().all(|t| &t.key != key),
        }
    }
}

/// A key as typed, checked: trimmed, 1 to 128 characters of letters,
/// digits, spaces and `_ . : / = + - @`, not under `aws:` (but for the
/// keys Transfer Family reads there).
pub fn key(typed: &str) -> Result<String, String> {
    let key = typed.trim();
    if key.is_empty() {
        return Err("a key is needed".into());
    }
    let count = key.chars().count();
    if count > MAX_KEY {
        return Err(format!("{count} characters: a key has at most {MAX_KEY}"));
    }
    if let Some(bad) = key.chars().find(|c| !allowed(*c)) {
        return Err(format!(
            "{:?} is not allowed: letters, digits, spaces and _ . : / = + - @ only",
            bad
        ));
    }
    if key.to_ascii_lowercase().starts_with(RESERVED) && !TRANSFER_KEYS.contains(&key) {
        return Err(format!(
            "keys starting with {RESERVED} are reserved by AWS (except {})",
            TRANSFER_KEYS.join(" and ")
        ));
    }
    Ok(key.to_string())
}

/// A value as typed, checked: at most 256 characters of the same set as a
/// key; empty is allowed.
pub fn value(typed: &str) -> Result<String, String> {
    let count = typed.chars().count();
    if count > MAX_VALUE {
        return Err(format!(
            "{count} characters: a value has at most {MAX_VALUE}"
        ));
    }
    if let Some(bad) = typed.chars().find(|c| !allowed(*c)) {
        return Err(format!(
            "{:?} is not allowed: letters, digits, spaces and _ . : / = + - @ only",
            bad
        ));
    }
    Ok(typed.to_string())
}

/// The change that setting `key` to `value` makes on `tags`; an error
/// when it adds a 51st tag or changes nothing.
pub fn set(tags: &[Tag], key: &str, value: &str) -> Result<TagChange, String> {
    let before = tags.iter().find(|t| t.key == key).map(|t| t.value.clone());
    match &before {
        Some(before) if before == value => {
            return Err(format!("{key} already has this value"));
        }
        None if tags.len() >= MAX_TAGS => {
            return Err(format!(
                "the server has {} tags: AWS allows at most {MAX_TAGS}",
                tags.len()
            ));
        }
        _ => {}
    }
    Ok(TagChange::Set {
        key: key.to_string(),
        value: value.to_string(),
        before,
    })
}

/// AWS's tag character set: Unicode letters, digits and spaces, and
/// `_ . : / = + - @`.
fn allowed(c: char) -> bool {
    c.is_alphanumeric() || c == ' ' || "_.:/=+-@".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(key: &str, value: &str) -> Tag {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }

    #[test]
    fn keys_follow_aws_limits() {
        assert_eq!(key("  Team "), Ok("Team".into()));
        assert_eq!(
            key("cost-centre/a:b=c+d@e_f.g"),
            Ok("cost-centre/a:b=c+d@e_f.g".into())
        );
        assert_eq!(key("Équipe 1"), Ok("Équipe 1".into()));
        assert!(key("").is_err_and(|e| e.contains("needed")));
        assert!(key(&"k".repeat(129)).is_err_and(|e| e.contains("at most 128")));
        assert!(key(&"k".repeat(128)).is_ok());
        assert!(key("a*b").is_err_and(|e| e.contains("'*'")));
        assert!(key("tab\there").is_err());
        assert!(key("aws:owner").is_err_and(|e| e.contains("reserved")));
        assert!(key("AWS:owner").is_err_and(|e| e.contains("reserved")));
        assert_eq!(
            key("aws:transfer:customHostname"),
            Ok("aws:transfer:customHostname".into())
        );
    }

    #[test]
    fn values_follow_aws_limits() {
        assert_eq!(value(""), Ok(String::new()));
        assert!(value(&"v".repeat(256)).is_ok());
        assert!(value(&"v".repeat(257)).is_err_and(|e| e.contains("at most 256")));
        assert!(value("a;b").is_err());
        assert!(value("\u{1b}[2J").is_err());
    }

    #[test]
    fn a_51st_tag_and_a_change_to_the_same_value_are_refused() {
        let full: Vec<Tag> = (0..50).map(|n| tag(&format!("k{n}"), "v")).collect();
        assert!(set(&full, "new", "v").is_err_and(|e| e.contains("at most 50")));
        // Changing a key of a full set adds nothing: allowed.
        assert!(set(&full, "k3", "w").is_ok());
        assert!(set(&full, "k3", "v").is_err_and(|e| e.contains("already")));
        assert_eq!(
            set(&[tag("Name", "a")], "Name", "b"),
            Ok(TagChange::Set {
                key: "Name".into(),
                value: "b".into(),
                before: Some("a".into())
            })
        );
    }

    #[test]
    fn a_change_is_found_in_the_tags_read_again() {
        let change = TagChange::Set {
            key: "Team".into(),
            value: "ops".into(),
            before: None,
        };
        assert!(change.is_in(&[tag("Team", "ops")]));
        assert!(!change.is_in(&[tag("Team", "dev")]));
        let removal = TagChange::Remove {
            key: "Team".into(),
            before: "ops".into(),
        };
        assert!(removal.is_in(&[tag("Name", "x")]));
        assert!(!removal.is_in(&[tag("Team", "ops")]));
    }
}
