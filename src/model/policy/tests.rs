//! The evaluator against AWS's documented policy evaluation logic: each
//! case names the rule it checks (IAM User Guide: "Policy evaluation
//! logic", "Condition operators", "Conditions with multiple context keys or
//! values", "Single-valued vs. multivalued context keys", "Policy
//! variables", "Principal", "NotAction", "NotResource", "NotPrincipal").

use super::testing::policy_json;
use super::*;
use proptest::prelude::*;

const BUCKET: &str = "arn:aws:s3:::acme-transfer";
const OBJECT: &str = "arn:aws:s3:::acme-transfer/home/partner-a/in.csv";

/// Which evaluation a case runs.
#[derive(Clone, Copy)]
enum Kind {
    /// `evaluate_identity` over all `policies`.
    Identity,
    /// `evaluate_with_session`: the last policy is the session policy.
    Session,
    /// `evaluate_resource` of the one policy.
    Resource,
}

#[derive(Clone, Copy)]
enum Who {
    Nobody,
    Service(&'static str),
    Aws(&'static str),
    Anonymous,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Want {
    /// Allowed by (policy, statement).
    Allow(usize, usize),
    /// Explicitly denied by (policy, statement).
    Deny(usize, usize),
    Implicit,
    /// Unknown, naming this key.
    Unknown(&'static str),
}

struct Case {
    rule: &'static str,
    kind: Kind,
    policies: &'static [&'static str],
    action: &'static str,
    resource: &'static str,
    who: Who,
    /// `(key, value)`: `?` marks the key Unknown, `a|b` gives two values.
    context: &'static [(&'static str, &'static str)],
    want: Want,
}

const fn case(rule: &'static str, policies: &'static [&'static str], want: Want) -> Case {
    Case {
        rule,
        kind: Kind::Identity,
        policies,
        action: "s3:GetObject",
        resource: OBJECT,
        who: Who::Nobody,
        context: &[],
        want,
    }
}

impl Case {
    const fn kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }
    const fn action(mut self, action: &'static str) -> Self {
        self.action = action;
        self
    }
    const fn on(mut self, resource: &'static str) -> Self {
        self.resource = resource;
        self
    }
    const fn by(mut self, who: Who) -> Self {
        self.who = who;
        self
    }
    const fn with(mut self, context: &'static [(&'static str, &'static str)]) -> Self {
        self.context = context;
        self
    }
}

// Policies used by several cases.
const ALLOW_GET: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-transfer/*"}]}"#;
const DENY_GET: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}"#;
const ALLOW_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;

fn cases() -> Vec<Case> {
    vec![
        // ---- The evaluation logic ----
        case("by default every request is implicitly denied", &[], Want::Implicit),
        case("an Allow whose Action and Resource match allows", &[ALLOW_GET], Want::Allow(0, 0)),
        case("an explicit Deny in any policy overrides an Allow", &[ALLOW_GET, DENY_GET], Want::Deny(1, 0)),
        case(
            "an explicit Deny overrides an Allow in the same policy, whatever the order",
            &[r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::acme-transfer/*"},
                {"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#],
            Want::Deny(0, 0),
        ),
        case(
            "a Deny for another resource does not apply",
            &[ALLOW_GET, r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::other/*"}}"#],
            Want::Allow(0, 0),
        ),
        case(
            "a Deny for another action leaves the Allow",
            &[ALLOW_ALL, DENY_GET],
            Want::Allow(0, 0),
        )
        .action("s3:PutObject"),
        case("Statement may be a single object instead of an array", &[ALLOW_ALL], Want::Allow(0, 0)),
        // ---- Action ----
        case("action names are matched case-insensitively", &[ALLOW_GET], Want::Allow(0, 0)).action("S3:getOBJECT"),
        case(
            "* in Action matches any run of characters",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}}"#],
            Want::Allow(0, 0),
        ),
        case(
            "? in Action matches exactly one character",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObjec?","Resource":"*"}}"#],
            Want::Allow(0, 0),
        ),
        case(
            "? does not match a run of characters",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get?","Resource":"*"}}"#],
            Want::Implicit,
        ),
        case(
            "a list of actions matches when any of them does",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"*"}}"#],
            Want::Allow(0, 0),
        ),
        case(
            "NotAction with Allow allows every action but those listed",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}"#],
            Want::Allow(0, 0),
        ),
        case(
            "NotAction with Allow does not allow the actions listed",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}"#],
            Want::Implicit,
        )
        .action("iam:CreateUser"),
        case(
            "NotAction with Deny denies every action but those listed",
            &[ALLOW_ALL, r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotAction":"s3:List*","Resource":"*"}}"#],
            Want::Deny(1, 0),
        ),
        // ---- Resource ----
        case(
            "ARNs are matched case-sensitively",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::ACME-transfer/*"}}"#],
            Want::Implicit,
        ),
        case(
            "a * inside the resource part matches any run of characters, slashes included",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-*/home/*/in.*"}}"#],
            Want::Allow(0, 0),
        ),
        case(
            "each ARN part is matched on its own: a * in the region does not reach into the account",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:*:function:idp"}}"#],
            Want::Implicit,
        )
        .action("lambda:InvokeFunction")
        .on("arn:aws:lambda:us-east-1:111122223333:function:idp"),
        case(
            "a * may stand for a whole ARN part",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:*:111122223333:function:idp"}}"#],
            Want::Allow(0, 0),
        )
        .action("lambda:InvokeFunction")
        .on("arn:aws:lambda:us-east-1:111122223333:function:idp"),
        case(
            "a list of resources matches when any of them does",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::other/*","arn:aws:s3:::acme-transfer/home/*"]}}"#],
            Want::Allow(0, 0),
        ),
        case(
            "NotResource with Deny denies every resource but those listed",
            &[ALLOW_ALL, r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::other/*"}}"#],
            Want::Deny(1, 0),
        ),
        case(
            "NotResource with Deny leaves the resources listed",
            &[ALLOW_ALL, r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::acme-transfer","arn:aws:s3:::acme-transfer/*"]}}"#],
            Want::Allow(0, 0),
        ),
        case(
            "an identity policy's statement without Resource grants nothing",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject"}}"#],
            Want::Implicit,
        ),
        // ---- Condition: operators ----
        case(
            "StringEquals matches the exact value",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"ops"}}}}"#],
            Want::Allow(0, 0),
        )
        .with(&[("aws:PrincipalTag/team", "ops")]),
        case(
            "StringEquals is case-sensitive",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"ops"}}}}"#],
            Want::Implicit,
        )
        .with(&[("aws:PrincipalTag/team", "OPS")]),
        case(
            "StringEqualsIgnoreCase ignores case",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"ops"}}}}"#],
            Want::Allow(0, 0),
        )
        .with(&[("aws:PrincipalTag/team", "OPS")]),
        case(
            "StringLike takes * and ? as wildcards",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringLike":{"s3:prefix":"home/partner-?/*"}}}}"#],
            Want::Allow(0, 0),
        )
        .action("s3:ListBucket")
        .on(BUCKET)
        .with(&[("s3:prefix", "home/partner-a/")]),
        case(
            "StringNotLike is true when the value matches none of the patterns",
            &[ALLOW_ALL, r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:ListBucket","Resource":"*","Condition":{"StringNotLike":{"s3:prefix":["home/partner-a/*","home/partner-a"]}}}}"#],
            Want::Deny(1, 0),
        )
        .action("s3:ListBucket")
        .on(BUCKET)
        .with(&[("s3:prefix", "home/partner-b/")]),
        case(
            "condition keys are case-insensitive",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:transfer:*:111122223333:server/*"}}}}"#],
            Want::Allow(0, 0),
        )
        .with(&[("aws:sourcearn", "arn:aws:transfer:us-east-1:111122223333:server/s-1")]),
        case(
            "ArnEquals compares each ARN part, wildcards allowed",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:transfer:us-east-1:111122223333:server/s-*"}}}}"#],
            Want::Allow(0, 0),
        )
        .with(&[("aws:SourceArn", "arn:aws:transfer:us-east-1:111122223333:server/s-1")]),
        case(
            "ArnNotEquals with Deny denies other ARNs",
            &[ALLOW_ALL, r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"ArnNotEquals":{"aws:SourceArn":"arn:aws:transfer:us-east-1:111122223333:server/s-1"}}}}"#],
            Want::Deny(1, 0),
        )
        .with(&[("aws:SourceArn", "arn:aws:transfer:us-east-1:111122223333:server/s-2")]),
        case(
            "NumericLessThan compares numbers",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"NumericLessThanEquals":{"s3:max-keys":"1000"}}}}"#],
            Want::Allow(0, 0),
        )
        .action("s3:ListBucket")
        .on(BUCKET)
        .with(&[("s3:max-keys", "999")]),
        case(
            "NumericGreaterThan is false for a smaller number",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericGreaterThan":{"aws:MultiFactorAuthAge":3600}}}}"#],
            Want::Implicit,
        )
        .with(&[("aws:MultiFactorAuthAge", "60")]),
        case(
            "DateLessThan compares dates",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"}}}}"#],
            Want::Allow(0, 0),
        )
        .with(&[("aws:CurrentTime", "2026-12-01T04:00:00Z")]),
        case(
            "DateGreaterThan is false before the date",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2027-01-01"}}}}"#],
            Want::Implicit,
        )
        .with(&[("aws:CurrentTime", "2026-12-01T04:00:00Z")]),
        case(
            "Bool matches true and false",
            &[ALLOW_ALL, r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}"#],
            Want::Deny(1, 0),
        )
        .with(&[("aws:SecureTransport", "false")]),
        case(
            "IpAddress matches an address inside the CIDR range",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32"]}}}}"#],
            Want::Allow(0, 0),
        )
        .with(&[("aws:SourceIp", "203.0.113.77")]),
        case(
            "NotIpAddress with Deny denies addresses outside the range",
            &[ALLOW_ALL, r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}}"#],
            Want::Deny(1, 0),
        )
        .with(&[("aws:SourceIp", "198.51.100.7")]),
        // ---- Condition: several values and keys ----
        case(
            "several values for one key are ORed",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":["444455556666","111122223333"]}}}}"#],
            Want::Allow(0, 0),
        )
        .with(&[("aws:SourceAccount", "111122223333")]),
        case(
            "several values under a negated operator are NORed: equal to one is enough to be false",
            &[ALLOW_ALL, r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:sourceVpce":["vpce-1","vpce-2"]}}}}"#],
            Want::Allow(0, 0),
        )
        .with(&[("aws:sourceVpce", "vpce-2")]),
        case(
            "several keys under one operator are ANDed",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333","aws:PrincipalTag/team":"ops"}}}}"#],
            Want::Implicit,
        )
        .with(&[("aws:SourceAccount", "111122223333"), ("aws:PrincipalTag/team", "dev")]),
        case(
            "several operators are ANDed",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"},"Bool":{"aws:SecureTransport":"true"}}}}"#],
            Want::Allow(0, 0),
        )
        .with(&[("aws:SourceAccount", "111122223333"), ("aws:SecureTransport", "true")]),
        // ---- Condition: absent keys ----
        case(
            "a key absent from the request makes a positive operator false",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}}"#],
            Want::Implicit,
        ),
        case(
            "a key absent from the request makes a negated operator true",
            &[ALLOW_ALL, r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:sourceVpce":"vpce-1"}}}}"#],
            Want::Deny(1, 0),
        ),
        case(
            "...IfExists is true when the key is absent",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}}}"#],
            Want::Allow(0, 0),
        ),
        case(
            "...IfExists still tests a key that is present",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}}}"#],
            Want::Implicit,
        )
        .with(&[("aws:SourceAccount", "444455556666")]),
        case(
            "Null true is true when the key is absent",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Null":{"aws:TokenIssueTime":"true"}}}}"#],
            Want::Allow(0, 0),
        ),
        case(
            "Null false is false when the key is absent",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Null":{"aws:TokenIssueTime":"false"}}}}"#],
            Want::Implicit,
        ),
        // ---- Condition: set operators ----
        case(
            "ForAnyValue is true when one request value matches",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}}}}"#],
            Want::Allow(0, 0),
        )
        .with(&[("aws:TagKeys", "owner|team")]),
        case(
            "ForAllValues is false when one request value matches no policy value",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}}}"#],
            Want::Implicit,
        )
        .with(&[("aws:TagKeys", "owner|team")]),
        case(
            "ForAllValues is true when every request value matches",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAllValues:StringLike":{"aws:TagKeys":["env","t*"]}}}}"#],
            Want::Allow(0, 0),
        )
        .with(&[("aws:TagKeys", "env|team")]),
        case(
            "ForAllValues is true when the key is absent",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":"env"}}}}"#],
            Want::Allow(0, 0),
        ),
        case(
            "ForAnyValue is false when the key is absent",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":"env"}}}}"#],
            Want::Implicit,
        ),
        // ---- What the console cannot know ----
        case(
            "an Allow hanging on an unknown key is Unknown, naming the key",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}}"#],
            Want::Unknown("aws:SourceVpc"),
        )
        .with(&[("aws:SourceVpc", "?")]),
        case(
            "a Deny hanging on an unknown key makes an allowed request Unknown",
            &[ALLOW_ALL, r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:sourceVpce":"vpce-1"}}}}"#],
            Want::Unknown("aws:sourceVpce"),
        )
        .with(&[("aws:SourceVpce", "?")]),
        case(
            "a Deny hanging on an unknown key does not matter when nothing allows",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:sourceVpce":"vpce-1"}}}}"#],
            Want::Implicit,
        )
        .with(&[("aws:SourceVpce", "?")]),
        case(
            "a condition that is false decides even beside an unknown one (AND)",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1","aws:SourceAccount":"111122223333"}}}}"#],
            Want::Implicit,
        )
        .with(&[("aws:SourceVpc", "?"), ("aws:SourceAccount", "444455556666")]),
        case(
            "an operator the evaluator does not know is Unknown, naming it",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"BinaryEquals":{"key":"QmluYXJ5VmFsdWU="}}}}"#],
            Want::Unknown("operator BinaryEquals"),
        )
        .with(&[("key", "BinaryValue")]),
        // ---- Policy variables ----
        case(
            "a policy variable in Resource takes the request's value",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-transfer/home/${transfer:UserName}/*"}}"#],
            Want::Allow(0, 0),
        )
        .with(&[("transfer:UserName", "partner-a")]),
        case(
            "a policy variable's value is literal text, not a wildcard",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-transfer/home/${transfer:UserName}/in.csv"}}"#],
            Want::Implicit,
        )
        .with(&[("transfer:UserName", "*")]),
        case(
            "variables are literal text in a policy without Version 2012-10-17",
            &[r#"{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-transfer/home/${transfer:UserName}/*"}}"#],
            Want::Implicit,
        )
        .with(&[("transfer:UserName", "partner-a")]),
        case(
            "a variable without a value matches nothing",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-transfer/home/${aws:username}/*"}}"#],
            Want::Implicit,
        ),
        case(
            "a variable's default stands in for a missing value",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-transfer/home/${aws:username, 'partner-a'}/*"}}"#],
            Want::Allow(0, 0),
        ),
        case(
            "${*} is a literal asterisk",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-transfer/home/partner-a/${*}"}}"#],
            Want::Implicit,
        ),
        case(
            "a policy variable in a condition value takes the request's value",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringLike":{"s3:prefix":"${transfer:HomeFolder}/*"}}}}"#],
            Want::Allow(0, 0),
        )
        .action("s3:ListBucket")
        .on(BUCKET)
        .with(&[("transfer:HomeFolder", "home/partner-a"), ("s3:prefix", "home/partner-a/")]),
        case(
            "a variable on an unknown key is Unknown",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-transfer/home/${aws:PrincipalTag/home}/*"}}"#],
            Want::Unknown("aws:PrincipalTag/home"),
        )
        .with(&[("aws:PrincipalTag/home", "?")]),
        // ---- Session policies ----
        case(
            "with a session policy, both the identity policies and the session policy must allow",
            &[ALLOW_ALL, ALLOW_GET],
            Want::Allow(0, 0),
        )
        .kind(Kind::Session),
        case(
            "what the identity policies allow but the session policy does not is denied",
            &[ALLOW_ALL, ALLOW_GET],
            Want::Implicit,
        )
        .kind(Kind::Session)
        .action("s3:PutObject"),
        case(
            "a session policy cannot grant what the identity policies do not",
            &[ALLOW_GET, ALLOW_ALL],
            Want::Implicit,
        )
        .kind(Kind::Session)
        .action("s3:PutObject"),
        case(
            "an explicit Deny in the session policy wins",
            &[ALLOW_ALL, DENY_GET],
            Want::Deny(1, 0),
        )
        .kind(Kind::Session),
        // ---- Resource policies and Principal ----
        case(
            "a resource policy applies to the service principal it names",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"transfer.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*"}}"#],
            Want::Allow(0, 0),
        )
        .kind(Kind::Resource)
        .action("lambda:InvokeFunction")
        .by(Who::Service("transfer.amazonaws.com")),
        case(
            "a resource policy does not apply to a principal it does not name",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}"#],
            Want::Implicit,
        )
        .kind(Kind::Resource)
        .action("sts:AssumeRole")
        .by(Who::Service("transfer.amazonaws.com")),
        case(
            "Principal \"*\" takes in anonymous callers",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}}"#],
            Want::Allow(0, 0),
        )
        .kind(Kind::Resource)
        .by(Who::Anonymous),
        case(
            "an account in Principal names every principal of that account",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}}"#],
            Want::Allow(0, 0),
        )
        .kind(Kind::Resource)
        .action("secretsmanager:GetSecretValue")
        .by(Who::Aws("arn:aws:iam::111122223333:role/transfer-idp")),
        case(
            "a role's ARN in Principal names the sessions of that role",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/service/transfer-idp"]},"Action":"secretsmanager:GetSecretValue","Resource":"*"}}"#],
            Want::Allow(0, 0),
        )
        .kind(Kind::Resource)
        .action("secretsmanager:GetSecretValue")
        .by(Who::Aws("arn:aws:sts::111122223333:assumed-role/transfer-idp/session-1")),
        case(
            "NotPrincipal with Deny denies everyone not listed",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"*","Resource":"*"}}"#],
            Want::Deny(0, 0),
        )
        .kind(Kind::Resource)
        .by(Who::Aws("arn:aws:iam::111122223333:role/transfer-idp")),
        case(
            "NotPrincipal with Deny does not deny those listed",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"*","Resource":"*"}}"#],
            Want::Implicit,
        )
        .kind(Kind::Resource)
        .by(Who::Aws("arn:aws:iam::111122223333:role/admin")),
        case(
            "a resource policy's statement without Resource applies to its own resource",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"transfer.amazonaws.com"},"Action":"sts:AssumeRole"}}"#],
            Want::Allow(0, 0),
        )
        .kind(Kind::Resource)
        .action("sts:AssumeRole")
        .on("arn:aws:iam::111122223333:role/partner-a")
        .by(Who::Service("transfer.amazonaws.com")),
        case(
            "a resource policy's Deny hanging on an unknown key is Unknown even with no Allow",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringNotEquals":{"aws:sourceVpce":"vpce-1"}}}}"#],
            Want::Unknown("aws:sourceVpce"),
        )
        .kind(Kind::Resource)
        .action("secretsmanager:GetSecretValue")
        .by(Who::Aws("arn:aws:iam::111122223333:role/transfer-idp"))
        .with(&[("aws:sourceVpce", "?")]),
        case(
            "a statement naming a principal, for a caller not known, is Unknown",
            &[r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"transfer.amazonaws.com"},"Action":"*","Resource":"*"}}"#],
            Want::Unknown("principal"),
        )
        .kind(Kind::Resource),
    ]
}

fn request(case: &Case) -> Request {
    let mut context = Context::new();
    for (key, value) in case.context {
        if *value == "?" {
            context.set_unknown(key);
        } else {
            context.set_values(key, value.split('|').map(str::to_string).collect());
        }
    }
    let mut request = Request::new(case.action, case.resource).with_context(context);
    request.principal = match case.who {
        Who::Nobody => None,
        Who::Service(name) => Some(Principal::Service(name.to_string())),
        Who::Aws(arn) => Some(Principal::Aws(arn.to_string())),
        Who::Anonymous => Some(Principal::Anonymous),
    };
    request
}

fn run(case: &Case) -> (Decision, Vec<NamedPolicy>) {
    let policies: Vec<NamedPolicy> = case
        .policies
        .iter()
        .enumerate()
        .map(|(i, json)| {
            NamedPolicy::parse(format!("p{i}"), json)
                .unwrap_or_else(|err| panic!("{}: policy {i} does not parse: {err}", case.rule))
        })
        .collect();
    let request = request(case);
    let decision = match case.kind {
        Kind::Identity => evaluate_identity(&policies, &request),
        Kind::Session => {
            let (session, identity) = policies
                .split_last()
                .expect("a session case has a session policy");
            evaluate_with_session(identity, Some(session), &request)
        }
        Kind::Resource => evaluate_resource(&policies[0], &request),
    };
    (decision, policies)
}

fn got(decision: &Decision) -> Want {
    let at = |by: &StatementRef| {
        let policy = by
            .policy
            .trim_start_matches('p')
            .parse()
            .unwrap_or(usize::MAX);
        (policy, by.index)
    };
    match decision {
        Decision::Allowed { by } => {
            let (p, s) = at(by);
            Want::Allow(p, s)
        }
        Decision::ExplicitDeny { by } => {
            let (p, s) = at(by);
            Want::Deny(p, s)
        }
        Decision::ImplicitDeny => Want::Implicit,
        Decision::Unknown { key, .. } => Want::Unknown(Box::leak(key.clone().into_boxed_str())),
    }
}

#[test]
fn the_documented_evaluation_logic() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let (decision, _) = run(case);
            let got = got(&decision);
            (got != case.want)
                .then(|| format!("{}: want {:?}, got {:?}", case.rule, case.want, got))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_decision_names_the_statement_and_its_sid() {
    let policy = NamedPolicy::parse(
        "inline AllowHome",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"},
            {"Sid":"Objects","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    )
    .expect("parses");
    let decision = evaluate_identity(&[policy], &Request::new("s3:GetObject", OBJECT));
    assert_eq!(
        decision.to_string(),
        "allowed by inline AllowHome statement 2 (Objects)"
    );
    assert_eq!(
        Decision::ImplicitDeny.to_string(),
        "denied: no statement allows it"
    );
    assert!(decision.is_allowed() && !decision.is_denied());
    assert_eq!(decision.outcome(), "allowed");
    assert_eq!(Decision::ImplicitDeny.outcome(), "denied");
    let unknown = Decision::Unknown {
        by: StatementRef {
            policy: "secret policy".to_string(),
            index: 0,
            sid: None,
        },
        key: "aws:sourceVpce".to_string(),
    };
    assert_eq!(unknown.outcome(), "unknown");
    assert!(!unknown.is_allowed() && !unknown.is_denied());
    assert_eq!(
        unknown.to_string(),
        "unknown: secret policy statement 1 depends on aws:sourceVpce"
    );
}

/// Arbitrary JSON, up to a few levels deep.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::Value::Number(n.into())),
        "[*?$:{}/a-zA-Z0-9 ]{0,12}".prop_map(serde_json::Value::String),
        prop::sample::select(vec![
            "Allow",
            "Deny",
            "*",
            "s3:*",
            "arn:aws:s3:::b/*",
            "${aws:username}",
            "${*}",
            "2012-10-17",
            "transfer.amazonaws.com",
            "StringLike",
            "true",
            "10.0.0.0/8",
            "2026-01-01T00:00:00Z",
        ])
        .prop_map(|s| serde_json::Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let names = prop::sample::select(vec![
            "Version",
            "Statement",
            "Sid",
            "Effect",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Principal",
            "NotPrincipal",
            "AWS",
            "Service",
            "Condition",
            "StringEquals",
            "StringNotLikeIfExists",
            "ForAllValues:ArnLike",
            "ForAnyValue:IpAddress",
            "Null",
            "DateLessThan",
            "NumericEquals",
            "Bool",
            "aws:SourceArn",
            "s3:prefix",
            "x",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::vec((names, inner), 0..5).prop_map(|pairs| {
                serde_json::Value::Object(
                    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                )
            }),
        ]
    })
}

proptest! {
    #[test]
    fn generated_policies_parse(text in policy_json()) {
        prop_assert!(PolicyDocument::parse(&text).is_ok(), "{}", text);
    }

    #[test]
    fn parsing_any_text_never_panics(text in "\\PC{0,200}") {
        let _ = PolicyDocument::parse(&text);
    }

    #[test]
    fn any_json_in_never_panics(value in json()) {
        let _ = PolicyDocument::parse(&value.to_string());
    }

    #[test]
    fn evaluation_is_consistent_on_any_policy(
        text in policy_json(),
        action in prop::sample::select(vec!["s3:GetObject", "sts:AssumeRole", "x"]),
        unknown in any::<bool>(),
    ) {
        if let Ok(document) = PolicyDocument::parse(&text) {
            let policy = NamedPolicy::new("p", document);
            let mut context = Context::new().with("s3:prefix", "home/").with("aws:username", "a");
            if unknown {
                context.set_unknown("aws:SourceArn");
            } else {
                context.set("aws:SourceArn", "arn:aws:transfer:us-east-1:1:server/s-1");
            }
            let request = Request::new(action, "arn:aws:s3:::b/home/x")
                .by(Principal::Service("transfer.amazonaws.com".to_string()))
                .with_context(context);
            let identity = evaluate_identity(std::slice::from_ref(&policy), &request);
            let _ = evaluate_resource(&policy, &request);
            let with_session = evaluate_with_session(std::slice::from_ref(&policy), Some(&policy), &request);
            // A policy intersected with itself decides as it does alone.
            prop_assert_eq!(identity.is_allowed(), with_session.is_allowed());
            // Only a policy with a Deny statement can deny explicitly.
            if let Decision::ExplicitDeny { by } = &identity {
                prop_assert_eq!(policy.document.statements[by.index].effect, Effect::Deny);
            }
            if let Decision::Allowed { by } = &identity {
                prop_assert_eq!(policy.document.statements[by.index].effect, Effect::Allow);
            }
        }
    }

    #[test]
    fn adding_an_unconditional_deny_of_everything_always_denies(
        text in policy_json(),
        action in prop::sample::select(vec!["s3:GetObject", "s3:PutObject", "lambda:InvokeFunction"]),
    ) {
        let Ok(document) = PolicyDocument::parse(&text) else { return Ok(()); };
        let deny = NamedPolicy::parse(
            "deny",
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}"#,
        ).expect("parses");
        let request = Request::new(action, OBJECT);
        let decision = evaluate_identity(&[NamedPolicy::new("p", document), deny], &request);
        let denied = matches!(decision, Decision::ExplicitDeny { .. });
        prop_assert!(denied, "{:?}", decision);
    }

    #[test]
    fn a_decision_for_every_key_under_a_prefix_holds_for_each_key(
        text in policy_json(),
        action in prop::sample::select(vec!["s3:GetObject", "s3:PutObject"]),
        key in "[a-z/*?.]{0,12}",
    ) {
        use super::evaluate::{Target, identity_verdict};
        let Ok(document) = PolicyDocument::parse(&text) else { return Ok(()); };
        let policies = [NamedPolicy::new("p", document)];
        let prefix = "arn:aws:s3:::acme-transfer/home/partner-a/";
        let context = Context::new().with("aws:username", "partner-a");
        let whole = identity_verdict(
            &policies,
            &Request::new(action, format!("{prefix}*")).with_context(context.clone()),
            Target::Under(prefix),
        );
        let one = evaluate_identity(
            &policies,
            &Request::new(action, format!("{prefix}{key}")).with_context(context),
        );
        match (&whole.decision, &whole.partial) {
            (Decision::Allowed { .. }, _) => prop_assert!(one.is_allowed(), "{} {:?}", text, one),
            (Decision::ExplicitDeny { .. }, None) => {
                let denied = matches!(one, Decision::ExplicitDeny { .. });
                prop_assert!(denied, "{} {:?}", text, one);
            }
            (Decision::ImplicitDeny, None) => prop_assert!(!one.is_allowed(), "{} {:?}", text, one),
            _ => {}
        }
    }

    #[test]
    fn a_session_allows_only_what_both_sides_allow_and_either_deny_wins(
        role in policy_json(),
        session in policy_json(),
        action in prop::sample::select(vec!["s3:GetObject", "s3:PutObject", "sts:AssumeRole"]),
    ) {
        let role = NamedPolicy::parse("role", &role).expect("generated policies parse");
        let session = NamedPolicy::parse("session", &session).expect("generated policies parse");
        let request = Request::new(action, OBJECT)
            .with_context(Context::new().with("aws:username", "partner-a").with("s3:prefix", "home/"));
        let alone = evaluate_identity(std::slice::from_ref(&role), &request);
        let scoped = evaluate_identity(std::slice::from_ref(&session), &request);
        let both = evaluate_with_session(std::slice::from_ref(&role), Some(&session), &request);
        prop_assert_eq!(both.is_allowed(), alone.is_allowed() && scoped.is_allowed());
        let explicit = |d: &Decision| matches!(d, Decision::ExplicitDeny { .. });
        if explicit(&alone) || explicit(&scoped) {
            prop_assert!(explicit(&both), "{:?}", both);
        }
        if alone.is_denied() || scoped.is_denied() {
            prop_assert!(both.is_denied(), "{:?}", both);
        }
    }
}
