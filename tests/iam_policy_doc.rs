//! docs/iam.md stays true to the code: every IAM action the console names
//! (in `AwsError::classify` and friends) is in the operator policy, and the
//! read-only policy allows nothing that changes AWS.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

const SERVICES: &[&str] = &[
    "transfer",
    "ec2",
    "s3",
    "secretsmanager",
    "sts",
    "iam",
    "logs",
    "route53",
    "lambda",
    "acm",
];
/// Verbs of actions that change something.
const WRITES: &[&str] = &[
    "Create", "Update", "Delete", "Put", "Import", "Start", "Stop", "Restore", "Pass", "Tag", "Add",
];
/// Named in the source but needing no permission.
const NO_PERMISSION: &[&str] = &["sts:GetCallerIdentity"];
/// Named in the source as what the access checks judge policies for (the
/// user's session, Transfer invoking a function or assuming a role, and
/// Transfer's policy variables), never called by the console.
const JUDGED_ONLY: &[&str] = &[
    "sts:AssumeRole",
    "lambda:InvokeFunction",
    "s3:PutObject",
    "transfer:HomeBucket",
    "transfer:HomeDirectory",
    "transfer:HomeFolder",
    "transfer:UserName",
];

fn project() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `"service:Action"` strings in the Rust sources under `dir`.
fn actions_in_source(dir: &Path, found: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            actions_in_source(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") && !is_test_file(&path) {
            let text = std::fs::read_to_string(&path).expect("read source");
            for quoted in text.split('"').skip(1).step_by(2) {
                let Some((service, action)) = quoted.split_once(':') else {
                    continue;
                };
                let is_action = SERVICES.contains(&service)
                    && action.starts_with(|c: char| c.is_ascii_uppercase())
                    && action.chars().all(|c| c.is_ascii_alphanumeric());
                if is_action {
                    found.insert(quoted.to_string());
                }
            }
        }
    }
}

/// Unit-test files (`tests.rs`, `*_tests.rs`) name actions as test data
/// (the policy evaluator's cases); the console never calls them.
fn is_test_file(path: &Path) -> bool {
    path.file_stem()
        .and_then(|stem| stem.to_str())
        .is_some_and(|stem| stem == "tests" || stem.ends_with("_tests"))
}

/// The ```json blocks of docs/iam.md, in order.
fn policies() -> Vec<Value> {
    let doc = std::fs::read_to_string(project().join("docs/iam.md")).expect("docs/iam.md");
    doc.split("```json")
        .skip(1)
        .map(|block| {
            let json = block.split("```").next().expect("closed block");
            serde_json::from_str(json).expect("a policy in valid JSON")
        })
        .collect()
}

fn allowed(policy: &Value) -> BTreeSet<String> {
    let mut actions = BTreeSet::new();
    for statement in policy["Statement"].as_array().expect("statements") {
        assert_eq!(statement["Effect"], "Allow");
        match &statement["Action"] {
            Value::String(action) => {
                actions.insert(action.clone());
            }
            Value::Array(list) => {
                actions.extend(list.iter().map(|a| a.as_str().expect("action").to_string()))
            }
            other => panic!("Action is {other}"),
        }
    }
    actions
}

#[test]
fn the_operator_policy_allows_every_action_the_console_uses() {
    let mut used = BTreeSet::new();
    actions_in_source(&project().join("src"), &mut used);
    assert!(used.contains("transfer:UpdateServer"), "{used:?}");
    let [_read_only, operator] = policies().try_into().expect("two policies");
    let operator = allowed(&operator);
    let missing: Vec<_> = used
        .iter()
        .filter(|action| {
            !operator.contains(*action)
                && !NO_PERMISSION.contains(&action.as_str())
                && !JUDGED_ONLY.contains(&action.as_str())
        })
        .collect();
    assert!(missing.is_empty(), "docs/iam.md lacks {missing:?}");
}

#[test]
fn the_read_only_policy_changes_nothing() {
    let [read_only, _operator] = policies().try_into().expect("two policies");
    let read_only = allowed(&read_only);
    assert!(read_only.contains("transfer:ListServers"));
    for action in &read_only {
        let verb = action.split_once(':').expect("service:Action").1;
        assert!(
            !WRITES.iter().any(|write| verb.starts_with(write)),
            "{action} changes AWS"
        );
    }
}
