//! A policy document as IAM stores it: the JSON text, read into statements.
//! What AWS accepts in several shapes (a string or a list, one statement or
//! an array of them, `"*"` or an object for Principal) is read into one.

use serde_json::{Map, Value};

/// The only version in which `${...}` are policy variables; under
/// 2008-10-17 (or none) they are literal text.
pub const VERSION_WITH_VARIABLES: &str = "2012-10-17";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// serde_json says where, never what: safe to show.
    #[error("the policy is not JSON: {0}")]
    NotJson(String),
    #[error("the policy is not a JSON object")]
    NotAnObject,
    #[error("the policy has no Statement")]
    NoStatement,
    #[error("statement {index}: {why}")]
    BadStatement { index: usize, why: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyDocument {
    pub version: Option<String>,
    pub statements: Vec<Statement>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// `Action`/`NotAction`, `Resource`/`NotResource`, `Principal`/`NotPrincipal`:
/// the listed values, or all but them, or the element is absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed<T> {
    Any(T),
    AllBut(T),
    Absent,
}

/// Who a Principal element names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalSet {
    /// `"*"`, or `{"AWS": "*"}`: everyone, anonymous callers included.
    Everyone,
    Named(Vec<PrincipalId>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalId {
    /// `AWS`, `Service`, `Federated`, `CanonicalUser`, as written.
    pub kind: String,
    pub id: String,
}

/// One `"Operator": {"key": values}` pair of a Condition block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub operator: String,
    pub key: String,
    /// Numbers and booleans as their JSON text.
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Listed<PrincipalSet>,
    pub action: Listed<Vec<String>>,
    pub resource: Listed<Vec<String>>,
    pub conditions: Vec<Condition>,
}

impl PolicyDocument {
    /// Reads the JSON text. URL-decoding IAM's answers is the caller's job.
    pub fn parse(json: &str) -> Result<PolicyDocument, PolicyError> {
        let value: Value =
            serde_json::from_str(json).map_err(|err| PolicyError::NotJson(err.to_string()))?;
        Self::from_value(&value)
    }

    pub fn from_value(value: &Value) -> Result<PolicyDocument, PolicyError> {
        let object = value.as_object().ok_or(PolicyError::NotAnObject)?;
        let version = match object.get("Version") {
            None => None,
            Some(Value::String(text)) => Some(text.clone()),
            Some(_) => {
                return Err(PolicyError::BadStatement {
                    index: 0,
                    why: "Version is not a string".to_string(),
                });
            }
        };
        let statements = match object.get("Statement") {
            None => return Err(PolicyError::NoStatement),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| statement(index, item))
                .collect::<Result<Vec<_>, _>>()?,
            Some(item) => vec![statement(0, item)?],
        };
        Ok(PolicyDocument {
            version,
            statements,
        })
    }

    /// Whether `${...}` in this document are policy variables.
    pub fn has_variables(&self) -> bool {
        self.version.as_deref() == Some(VERSION_WITH_VARIABLES)
    }
}

fn statement(index: usize, value: &Value) -> Result<Statement, PolicyError> {
    let bad = |why: String| PolicyError::BadStatement { index, why };
    let object = value
        .as_object()
        .ok_or_else(|| bad("not a JSON object".to_string()))?;
    let sid = match object.get("Sid") {
        None => None,
        Some(Value::String(sid)) => Some(sid.clone()),
        Some(_) => return Err(bad("Sid is not a string".to_string())),
    };
    let effect = match object.get("Effect") {
        Some(Value::String(effect)) if effect == "Allow" => Effect::Allow,
        Some(Value::String(effect)) if effect == "Deny" => Effect::Deny,
        Some(_) => return Err(bad("Effect is neither Allow nor Deny".to_string())),
        None => return Err(bad("no Effect".to_string())),
    };
    let action = pair(object, "Action", "NotAction", strings).map_err(bad)?;
    let resource = pair(object, "Resource", "NotResource", strings).map_err(bad)?;
    let principal = pair(object, "Principal", "NotPrincipal", principals).map_err(bad)?;
    let conditions = match object.get("Condition") {
        None => Vec::new(),
        Some(value) => conditions(value).map_err(bad)?,
    };
    Ok(Statement {
        sid,
        effect,
        principal,
        action,
        resource,
        conditions,
    })
}

/// An element and its `Not` twin: at most one of them may be given.
fn pair<T>(
    object: &Map<String, Value>,
    yes: &str,
    not: &str,
    read: fn(&str, &Value) -> Result<T, String>,
) -> Result<Listed<T>, String> {
    match (object.get(yes), object.get(not)) {
        (Some(_), Some(_)) => Err(format!("both {yes} and {not}")),
        (Some(value), None) => Ok(Listed::Any(read(yes, value)?)),
        (None, Some(value)) => Ok(Listed::AllBut(read(not, value)?)),
        (None, None) => Ok(Listed::Absent),
    }
}

/// A string or a list of strings.
fn strings(element: &str, value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::String(text) => Ok(vec![text.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => Ok(text.clone()),
                _ => Err(format!("{element} holds something other than a string")),
            })
            .collect(),
        _ => Err(format!(
            "{element} is neither a string nor a list of strings"
        )),
    }
}

/// `"*"`, or an object of kinds (`AWS`, `Service`, ...) to a string or list.
fn principals(element: &str, value: &Value) -> Result<PrincipalSet, String> {
    match value {
        Value::String(text) if text == "*" => Ok(PrincipalSet::Everyone),
        Value::Object(kinds) => {
            let mut named = Vec::new();
            for (kind, ids) in kinds {
                for id in strings(&format!("{element}.{kind}"), ids)? {
                    if kind.eq_ignore_ascii_case("AWS") && id == "*" {
                        return Ok(PrincipalSet::Everyone);
                    }
                    named.push(PrincipalId {
                        kind: kind.clone(),
                        id,
                    });
                }
            }
            Ok(PrincipalSet::Named(named))
        }
        _ => Err(format!("{element} is neither \"*\" nor an object")),
    }
}

/// `{"Operator": {"key": value or [values]}}`; values may be strings,
/// numbers or booleans.
fn conditions(value: &Value) -> Result<Vec<Condition>, String> {
    let operators = value
        .as_object()
        .ok_or_else(|| "Condition is not an object".to_string())?;
    let mut out = Vec::new();
    for (operator, keys) in operators {
        let keys = keys
            .as_object()
            .ok_or_else(|| format!("Condition {operator} is not an object"))?;
        for (key, values) in keys {
            let values = match values {
                Value::Array(items) => items
                    .iter()
                    .map(|item| scalar(operator, key, item))
                    .collect::<Result<Vec<_>, _>>()?,
                item => vec![scalar(operator, key, item)?],
            };
            out.push(Condition {
                operator: operator.clone(),
                key: key.clone(),
                values,
            });
        }
    }
    Ok(out)
}

fn scalar(operator: &str, key: &str, value: &Value) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Number(number) => Ok(number.to_string()),
        Value::Bool(flag) => Ok(flag.to_string()),
        _ => Err(format!(
            "Condition {operator} {key} holds something other than a string, number or boolean"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shapes_aws_accepts() {
        let doc = PolicyDocument::parse(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject",
                "Resource":["arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":true},
                "NumericLessThan":{"s3:max-keys":[10, "20"]}}}}"#,
        )
        .unwrap();
        assert!(doc.has_variables());
        let statement = &doc.statements[0];
        assert_eq!(
            statement.action,
            Listed::Any(vec!["s3:GetObject".to_string()])
        );
        assert_eq!(statement.principal, Listed::Absent);
        assert_eq!(statement.conditions.len(), 2);
        assert!(statement.conditions.iter().any(|c| c.values == ["true"]));
        assert!(
            statement
                .conditions
                .iter()
                .any(|c| c.values == ["10", "20"])
        );

        let doc = PolicyDocument::parse(
            r#"{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["111122223333"],
                "Service":"transfer.amazonaws.com"},"NotAction":"s3:*","NotResource":"*"}]}"#,
        )
        .unwrap();
        assert!(!doc.has_variables());
        let statement = &doc.statements[0];
        assert_eq!(statement.effect, Effect::Deny);
        assert!(
            matches!(&statement.principal, Listed::AllBut(PrincipalSet::Named(ids)) if ids.len() == 2)
        );
        assert_eq!(statement.action, Listed::AllBut(vec!["s3:*".to_string()]));

        let doc = PolicyDocument::parse(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"x:y"}]}"#,
        )
        .unwrap();
        assert_eq!(
            doc.statements[0].principal,
            Listed::Any(PrincipalSet::Everyone)
        );
    }

    #[test]
    fn refuses_what_is_not_a_policy() {
        assert!(matches!(
            PolicyDocument::parse("nope"),
            Err(PolicyError::NotJson(_))
        ));
        assert_eq!(PolicyDocument::parse("[]"), Err(PolicyError::NotAnObject));
        assert_eq!(PolicyDocument::parse("{}"), Err(PolicyError::NoStatement));
        for bad in [
            r#"{"Statement":{"Effect":"allow","Action":"*","Resource":"*"}}"#,
            r#"{"Statement":{"Action":"*","Resource":"*"}}"#,
            r#"{"Statement":{"Effect":"Allow","Action":"*","NotAction":"*"}}"#,
            r#"{"Statement":{"Effect":"Allow","Action":3}}"#,
            r#"{"Statement":{"Effect":"Allow","Principal":"someone"}}"#,
            r#"{"Statement":{"Effect":"Allow","Condition":{"StringEquals":"x"}}}"#,
            r#"{"Statement":{"Effect":"Allow","Condition":{"StringEquals":{"k":null}}}}"#,
            r#"{"Statement":[1]}"#,
        ] {
            assert!(
                matches!(
                    PolicyDocument::parse(bad),
                    Err(PolicyError::BadStatement { .. })
                ),
                "{bad}"
            );
        }
    }
}
