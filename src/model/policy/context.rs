//! The request context: condition keys and their values, as the console
//! knows them. Keys are case-insensitive, as IAM's are; values are not.

use std::collections::BTreeMap;

/// What the console knows of one condition key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextValue {
    /// The request carries these values (one for most keys).
    Values(Vec<String>),
    /// The request may carry the key, but the console cannot know its value
    /// (`aws:sourceVpce` of a call made by a Lambda function). Conditions on
    /// it make the outcome Unknown instead of a guess.
    Unknown,
}

/// Condition keys and the values of policy variables (`${aws:username}`,
/// `${transfer:HomeDirectory}`, ...), which IAM takes from the same context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Lower-cased key -> (the key as given, its value).
    keys: BTreeMap<String, (String, ContextValue)>,
}

impl Context {
    pub fn new() -> Self {
        Self::default()
    }

    /// The key carries one value.
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.set(key, value);
        self
    }

    /// The key carries several values (a multivalued key such as
    /// `aws:TagKeys`).
    pub fn with_values(mut self, key: &str, values: Vec<String>) -> Self {
        self.set_values(key, values);
        self
    }

    /// The key's value cannot be known by the console.
    pub fn with_unknown(mut self, key: &str) -> Self {
        self.set_unknown(key);
        self
    }

    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.set_values(key, vec![value.into()]);
    }

    pub fn set_values(&mut self, key: &str, values: Vec<String>) {
        self.insert(key, ContextValue::Values(values));
    }

    pub fn set_unknown(&mut self, key: &str) {
        self.insert(key, ContextValue::Unknown);
    }

    /// Sets the key only when the context does not have it yet.
    pub fn set_default(&mut self, key: &str, value: impl Into<String>) {
        if self.get(key).is_none() {
            self.set(key, value);
        }
    }

    pub fn remove(&mut self, key: &str) {
        self.keys.remove(&key.to_lowercase());
    }

    fn insert(&mut self, key: &str, value: ContextValue) {
        self.keys
            .insert(key.to_lowercase(), (key.to_string(), value));
    }

    /// The key's value, whatever case either side wrote it in.
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.keys.get(&key.to_lowercase()).map(|(_, value)| value)
    }

    /// The keys as they were given, with their values.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.keys.values().map(|(key, value)| (key.as_str(), value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_case_insensitive_and_values_are_not() {
        let context = Context::new()
            .with("aws:SourceArn", "arn:aws:transfer:us-east-1:1:server/s-A")
            .with_unknown("aws:sourceVpce");
        assert_eq!(
            context.get("AWS:SOURCEARN"),
            Some(&ContextValue::Values(vec![
                "arn:aws:transfer:us-east-1:1:server/s-A".to_string()
            ]))
        );
        assert_eq!(context.get("aws:SourceVpce"), Some(&ContextValue::Unknown));
        assert_eq!(context.get("aws:SourceAccount"), None);
        let mut context = context;
        context.set_default("aws:sourcearn", "other");
        assert_ne!(
            context.get("aws:SourceArn"),
            Some(&ContextValue::Values(vec!["other".to_string()]))
        );
    }
}
