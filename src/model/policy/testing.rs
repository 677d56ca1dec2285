//! Generated policies for the property tests of `policy` and `access`.

use proptest::prelude::*;

/// A well-formed policy made of varied parts, so that the evaluation
/// properties run on documents that parse.
pub(crate) fn policy_json() -> impl Strategy<Value = String> {
    let element = |values: Vec<&'static str>| {
        prop::collection::vec(prop::sample::select(values), 1..3).prop_map(|items| {
            serde_json::Value::from(items.into_iter().map(String::from).collect::<Vec<_>>())
        })
    };
    let actions = element(vec![
        "*",
        "s3:*",
        "s3:GetObject",
        "s3:Put*",
        "S3:getobject",
        "lambda:InvokeFunction",
        "sts:AssumeRole",
        "iam:?et*",
    ]);
    let resources = element(vec![
        "*",
        "arn:aws:s3:::acme-transfer/*",
        "arn:aws:s3:::acme-transfer/home/${aws:username}/*",
        "arn:aws:s3:::other/*",
        "arn:aws:s3:::acme-?ransfer/home/*",
        "arn:aws:lambda:*:111122223333:function:*",
        "arn:aws:s3:::${transfer:HomeDirectory}*",
    ]);
    let principals = prop::sample::select(vec![
        serde_json::json!("*"),
        serde_json::json!({"AWS": "*"}),
        serde_json::json!({"Service": "transfer.amazonaws.com"}),
        serde_json::json!({"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]}),
        serde_json::json!({"AWS": ["111122223333", "arn:aws:iam::111122223333:role/r"]}),
    ]);
    let condition = (
        prop::sample::select(vec![
            "StringEquals",
            "StringNotEquals",
            "StringLike",
            "StringNotLikeIfExists",
            "ArnLike",
            "ArnNotEquals",
            "Bool",
            "Null",
            "NumericLessThan",
            "DateGreaterThan",
            "IpAddress",
            "ForAllValues:StringEquals",
            "ForAnyValue:StringLike",
            "BinaryEquals",
        ]),
        prop::sample::select(vec![
            "aws:SourceArn",
            "s3:prefix",
            "aws:username",
            "aws:SourceIp",
            "aws:CurrentTime",
        ]),
        element(vec![
            "*",
            "home/*",
            "true",
            "10",
            "10.0.0.0/8",
            "2026-01-01",
            "${aws:username}",
            "arn:aws:transfer:*",
        ]),
    );
    let statement = (
        any::<bool>(),
        any::<bool>(),
        actions,
        prop::option::of((any::<bool>(), resources)),
        prop::option::of((any::<bool>(), principals)),
        prop::collection::vec(condition, 0..3),
    )
        .prop_map(
            |(allow, not_action, actions, resource, principal, conditions)| {
                let mut statement = serde_json::Map::new();
                statement.insert(
                    "Effect".into(),
                    (if allow { "Allow" } else { "Deny" }).into(),
                );
                statement.insert(
                    (if not_action { "NotAction" } else { "Action" }).into(),
                    actions,
                );
                if let Some((not, resources)) = resource {
                    statement.insert(
                        (if not { "NotResource" } else { "Resource" }).into(),
                        resources,
                    );
                }
                if let Some((not, principal)) = principal {
                    statement.insert(
                        (if not { "NotPrincipal" } else { "Principal" }).into(),
                        principal,
                    );
                }
                let mut block = serde_json::Map::new();
                for (operator, key, values) in conditions {
                    let entry = block
                        .entry(operator.to_string())
                        .or_insert_with(|| serde_json::json!({}));
                    if let Some(keys) = entry.as_object_mut() {
                        keys.insert(key.to_string(), values);
                    }
                }
                if !block.is_empty() {
                    statement.insert("Condition".into(), block.into());
                }
                serde_json::Value::Object(statement)
            },
        );
    (
        prop::sample::select(vec![None, Some("2012-10-17"), Some("2008-10-17")]),
        prop::collection::vec(statement, 1..4),
    )
        .prop_map(|(version, statements)| {
            let mut document = serde_json::Map::new();
            if let Some(version) = version {
                document.insert("Version".into(), version.into());
            }
            document.insert("Statement".into(), statements.into());
            serde_json::Value::Object(document).to_string()
        })
}
