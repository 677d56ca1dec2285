//! A catalogue of bad input over every field the console accepts. Each
//! case: a clear error where it was typed (at the form field, in the status
//! bar for a theme file, on stderr with exit code 2 for the command line),
//! no write call reaching the emulator, and the console still running.
//!
//! The table is one list; each test runs the cases of one kind in a single
//! console session. Another form gets another `At` variant and a step in
//! the test that drives its pane.

mod support;

use std::process::Command;
use std::time::Duration;

use support::console::{Console, editor_env, form_pick};
use support::emulator::{Emulator, seeded_server};
use support::tmux::Tmux;

use support::console::CONSOLE;
const WAIT: Duration = Duration::from_secs(10);

const ROLE: &str = "arn:aws:iam::123456789012:role/transfer-partner-drop";
const HOME: &str = "/acme-partner-drop/bad-input";
const ED25519: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILrxoZOGrXCETBlfhWIyVXpVKUPoOPTds6MqCWuL7uvy e2e@bastion";
const RSA_TYPE_ED25519_DATA: &str =
    "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAILrxoZOGrXCETBlfhWIyVXpVKUPoOPTds6MqCWuL7uvy e2e@bastion";

/// Where the bad input goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Server detail `p`.
    PassiveIp,
    /// The users pane's new-user form (`n`), one field bad, the others good.
    NewUser(NewUserField),
    /// The users pane's edit form (`e`) on partner-a.
    EditUser(EditField),
    /// The users pane's key import (`a`).
    ImportKey,
    /// The command line: `input` holds the arguments separated by `|`.
    Cli,
    /// `--theme FILE` with `input` as the file's text.
    ThemeFile,
    /// The custom-IdP users pane's new-user form (`n`).
    IdpNewUser(IdpField),
    /// A user's secret as JSON in $EDITOR (`E`): `input` is what the
    /// editor leaves in the file.
    SecretJson,
    /// A server's tags view (`T` on its detail), the add form (`n`).
    Tag(TagField),
    /// `:copy-users` with `input` as its argument.
    CopyUsers,
    /// The create form (`N`, or `C` on the seeded server of that role):
    /// the acts in order, then `y` on the summary; `at_field`: the error is
    /// said when the last field is kept, before the summary.
    NewServer {
        clone_of: Option<&'static str>,
        acts: &'static [Act],
        at_field: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagField {
    Key,
    Value,
}

/// A step in the create form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    /// Space on the row whose text contains this (the step on screen).
    Pick(&'static str),
    /// Enter on the typed field with this label, the text, Enter.
    Type(&'static str, &'static str),
    /// Tab: the next step.
    Next,
}

const fn new_server(acts: &'static [Act], error: &'static str) -> Case {
    case(
        NewServer {
            clone_of: None,
            acts,
            at_field: false,
        },
        "",
        error,
    )
}

const fn new_server_field(acts: &'static [Act], error: &'static str) -> Case {
    case(
        NewServer {
            clone_of: None,
            acts,
            at_field: true,
        },
        "",
        error,
    )
}

const fn clone_server(role: &'static str, acts: &'static [Act], error: &'static str) -> Case {
    case(
        NewServer {
            clone_of: Some(role),
            acts,
            at_field: false,
        },
        "",
        error,
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IdpField {
    Name,
    Role,
    Home,
    Mappings,
    /// A home directory given, and mappings too (`input`).
    HomeAndMappings,
    Keys,
    Policy,
    Length,
    /// A typed password, and `input` as its repetition.
    PasswordAgain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NewUserField {
    Name,
    Role,
    Home,
    SshKey,
    Policy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EditField {
    Role,
    Home,
    Policy,
}

struct Case {
    at: At,
    input: &'static str,
    /// The start of the error as it is shown.
    error: &'static str,
}

const fn case(at: At, input: &'static str, error: &'static str) -> Case {
    Case { at, input, error }
}

use Act::{Next, Pick, Type};
use At::*;
use EditField as E;
use IdpField as I;
use NewUserField as N;
use TagField as T;

const CASES: &[Case] = &[
    // PassiveIp
    case(PassiveIp, "", "PassiveIp is empty"),
    case(
        PassiveIp,
        "10.2.1.999",
        "\"10.2.1.999\" is neither AUTO nor",
    ),
    case(PassiveIp, "1.2.3", "\"1.2.3\" is neither AUTO nor"),
    case(
        PassiveIp,
        "255.255.255.255.1",
        "PassiveIp is 17 characters long",
    ),
    case(PassiveIp, "automatic", "\"automatic\" is neither AUTO nor"),
    case(PassiveIp, "010.1.1.1", "\"010.1.1.1\" is neither AUTO nor"),
    case(PassiveIp, "-1.0.0.0", "\"-1.0.0.0\" is neither AUTO nor"),
    case(
        PassiveIp,
        "10.0.0.1 x",
        "\"10.0.0.1 x\" is neither AUTO nor",
    ),
    // User names
    case(NewUser(N::Name), "", "3 to 100 characters (0 given)"),
    case(NewUser(N::Name), "ab", "3 to 100 characters (2 given)"),
    case(
        NewUser(N::Name),
        "-abc",
        "must start with a letter, a digit or _",
    ),
    case(NewUser(N::Name), "a b c", "' ' is not allowed"),
    case(NewUser(N::Name), "abc/d", "'/' is not allowed"),
    case(
        NewUser(N::Name),
        "ユーザー名",
        "must start with a letter, a digit or _",
    ),
    case(
        NewUser(N::Name),
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "3 to 100 characters (101 given)",
    ),
    // Role ARNs
    case(NewUser(N::Role), "", "an IAM role ARN"),
    case(NewUser(N::Role), "transfer-role", "an IAM role ARN"),
    case(
        NewUser(N::Role),
        "arn:aws:iam::123:role/x",
        "an IAM role ARN",
    ),
    case(
        NewUser(N::Role),
        "arn:aws:iam::123456789012:user/ftp",
        "an IAM role ARN",
    ),
    case(
        NewUser(N::Role),
        "arn:aws:s3:::acme-reports",
        "an IAM role ARN",
    ),
    case(
        NewUser(N::Role),
        "arn:aws:iam::123456789012:role/",
        "an IAM role ARN",
    ),
    case(
        NewUser(N::Role),
        "arn:aws:iam:ap-northeast-1:123456789012:role/x",
        "an IAM role ARN",
    ),
    // Home directories
    case(
        NewUser(N::Home),
        "",
        "/bucket/prefix, or entry=target pairs",
    ),
    case(NewUser(N::Home), "acme-partner-drop/x", "starts with /"),
    case(NewUser(N::Home), "/AB/x", "\"AB\" is not an S3 bucket name"),
    case(NewUser(N::Home), "/", "\"\" is not an S3 bucket name"),
    case(
        NewUser(N::Home),
        "/acme-partner-drop//x",
        "no empty parts (//)",
    ),
    // HomeDirectoryMappings (LOGICAL homes)
    case(
        NewUser(N::Home),
        "/in=acme",
        "target \"acme\": starts with /",
    ),
    case(
        NewUser(N::Home),
        "in=/acme-partner-drop/in",
        "entry \"in\" must start with /",
    ),
    case(
        NewUser(N::Home),
        "/in=/acme-partner-drop/in, /out",
        "\"/out\": write entry=target",
    ),
    case(
        NewUser(N::Home),
        "/in=/x/in",
        "target \"/x/in\": \"x\" is not an S3",
    ),
    // SSH keys
    case(NewUser(N::SshKey), "hello", "starts with the key type"),
    case(
        NewUser(N::SshKey),
        "ssh-ed25519 not-base64!",
        "the key data is not base64 of a whole key",
    ),
    case(
        NewUser(N::SshKey),
        RSA_TYPE_ED25519_DATA,
        "the key data is not a ssh-rsa key",
    ),
    case(ImportKey, "", "starts with the key type"),
    case(ImportKey, "ssh-rsa AAAA", "the key data is not base64"),
    case(
        ImportKey,
        "ssh-dss AAAAB3NzaC1kc3MAAACBAP1/U4EddRIpUt9KnC7s5Of2EbdSPO9EAMMeP4C2USZpRV1AIlH7WT2NWPq/xfW6MPbLm1Vs14E7",
        "starts with the key type",
    ),
    case(
        ImportKey,
        "-----BEGIN OPENSSH PRIVATE KEY-----",
        "starts with the key type",
    ),
    // Session policies
    case(NewUser(N::Policy), "{", "not JSON"),
    case(
        NewUser(N::Policy),
        "{}",
        "a policy document needs a Statement",
    ),
    case(
        NewUser(N::Policy),
        "[1, 2]",
        "a policy document needs a Statement",
    ),
    // The edit form
    case(
        EditUser(E::Role),
        "arn:aws:iam::123456789012:group/ftp",
        "an IAM role ARN",
    ),
    case(
        EditUser(E::Home),
        "s3://acme-partner-drop/x",
        "starts with /",
    ),
    case(EditUser(E::Policy), "Statement", "not JSON"),
    // Command-line arguments, bucket names among them
    case(Cli, "--region|tokyo", "\"tokyo\" is not a region name"),
    case(Cli, "--region|AP-NORTHEAST-1", "is not a region name"),
    case(Cli, "--endpoint-url|ftp://host", "must start with http://"),
    case(Cli, "--endpoint-url|http://", "has no host"),
    case(Cli, "--bucket|ab", "\"ab\" is not a bucket name"),
    case(Cli, "--bucket|my bucket", "no slashes or spaces"),
    case(Cli, "--bucket|s3://acme/reports/x", "no slashes or spaces"),
    case(Cli, "--hourly-rate|abc", "\"abc\" is not USD per hour"),
    case(Cli, "--hourly-rate|=0.30", "has no region before '='"),
    case(Cli, "--profile| ", "must not be empty"),
    case(Cli, "--theme|", "must not be empty"),
    case(Cli, "doctor|--server|s-bad", "\"s-bad\" is not a server id"),
    case(Cli, "doctor|--format|xml", "invalid value 'xml'"),
    case(
        Cli,
        "--no-such-flag",
        "unexpected argument '--no-such-flag'",
    ),
    // Theme files
    case(ThemeFile, "text = \"cyan\"\n[colors", "TOML parse error"),
    case(
        ThemeFile,
        "nonsense = \"red\"",
        "line 1: unknown key \"nonsense\"",
    ),
    case(
        ThemeFile,
        "text = \"cyan\"\nborder = \"not-a-colour\"",
        "line 2: border = \"not-a-colour\" is not a colour",
    ),
    case(ThemeFile, "text = 12", "TOML parse error"),
    // The custom-IdP user form
    case(IdpNewUser(I::Name), "ab", "3 to 100 characters (2 given)"),
    case(IdpNewUser(I::Name), "legacy erp", "' ' is not allowed"),
    case(IdpNewUser(I::Role), "role/ftp", "an IAM role ARN"),
    case(
        IdpNewUser(I::Home),
        "/AB",
        "\"AB\" is not an S3 bucket name",
    ),
    case(
        IdpNewUser(I::Mappings),
        "/in=acme",
        "target \"acme\": starts with /",
    ),
    case(
        IdpNewUser(I::HomeAndMappings),
        "/=/acme-legacy-ftp/x",
        "either a home directory or mappings",
    ),
    case(
        IdpNewUser(I::Keys),
        "ssh-rsa nope",
        "key 1: the key data is not base64",
    ),
    case(
        IdpNewUser(I::Keys),
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILrxoZOGrXCETBlfhWIyVXpVKUPoOPTds6MqCWuL7uvy, hello",
        "key 2: starts with the key type",
    ),
    case(
        IdpNewUser(I::Policy),
        "{\"Version\": 1}",
        "a policy document needs a",
    ),
    case(IdpNewUser(I::Length), "5", "a number from 12 to 128"),
    case(IdpNewUser(I::Length), "lots", "a number from 12 to 128"),
    case(
        IdpNewUser(I::PasswordAgain),
        "Other-Password-1",
        "the two passwords differ",
    ),
    // Secret JSON edited in $EDITOR
    case(SecretJson, "{", "not saved: the secret is not JSON"),
    case(
        SecretJson,
        "[1, 2]",
        "not saved: the secret is JSON but not an object",
    ),
    case(
        SecretJson,
        r#"{"Role": "not-an-arn", "Password": "x"}"#,
        "Role: an IAM role ARN",
    ),
    case(SecretJson, r#"{"Password": "x"}"#, "Role: required"),
    case(
        SecretJson,
        r#"{"Role": "arn:aws:iam::123456789012:role/transfer-legacy-ftp", "Password": "x", "HomeDirectory": "acme/x"}"#,
        "HomeDirectory: starts with /",
    ),
    case(
        SecretJson,
        r#"{"Role": "arn:aws:iam::123456789012:role/transfer-legacy-ftp", "Password": "x", "HomeDirectoryDetails": "[{\"Entry\": \"in\", \"Target\": \"/acme-legacy-ftp/x\"}]"}"#,
        "HomeDirectoryDetails: entry \"in\" must start with /",
    ),
    case(
        SecretJson,
        r#"{"Role": "arn:aws:iam::123456789012:role/transfer-legacy-ftp", "Password": "x", "HomeDirectoryDetails": "not a list"}"#,
        "HomeDirectoryDetails is not a JSON list",
    ),
    case(
        SecretJson,
        r#"{"Role": "arn:aws:iam::123456789012:role/transfer-legacy-ftp", "PublicKey": "ssh-rsa nope"}"#,
        "PublicKey: key 1: the key data is not base64",
    ),
    case(
        SecretJson,
        r#"{"Role": "arn:aws:iam::123456789012:role/transfer-legacy-ftp", "Password": "x", "Policy": "{"}"#,
        "Policy: not JSON",
    ),
    case(
        SecretJson,
        r#"{"Role": "arn:aws:iam::123456789012:role/transfer-legacy-ftp"}"#,
        "no Password and no PublicKey: nobody can log in",
    ),
    // Tags
    case(
        Tag(T::Key),
        "aws:owner",
        "keys starting with aws: are reserved",
    ),
    case(
        Tag(T::Key),
        "AWS:cost",
        "keys starting with aws: are reserved",
    ),
    case(Tag(T::Key), "", "a key is needed"),
    case(
        Tag(T::Key),
        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk",
        "129 characters: a key has at most 128",
    ),
    case(Tag(T::Key), "Te*am", "'*' is not allowed"),
    case(Tag(T::Key), "cost#centre", "'#' is not allowed"),
    case(Tag(T::Value), "a;b", "';' is not allowed"),
    case(
        Tag(T::Value),
        "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv",
        "257 characters: a value has at most 256",
    ),
    // :copy-users targets
    case(CopyUsers, "s-nothex", "\"s-nothex\" is not a server id"),
    case(
        CopyUsers,
        "i-0123456789abcdef0",
        "\"i-0123456789abcdef0\" is not a server id",
    ),
    case(
        CopyUsers,
        "",
        "copy-users needs the id of the server to copy to",
    ),
    // The create form: AWS's CreateServer rules, before anything is sent
    new_server(
        &[Pick("[x] SFTP"), Pick("] FTP ")],
        "EndpointType: FTP and FTPS need a VPC endpoint",
    ),
    new_server(
        &[Pick("] FTP "), Next, Pick("] VPC"), Pick("acme-transfer ")],
        "IdentityProviderType: FTP and FTPS need a custom identity provider",
    ),
    new_server(
        &[
            Pick("] FTPS"),
            Next,
            Pick("] VPC"),
            Pick("acme-transfer "),
            Next,
            Pick("AWS_LAMBDA"),
            Type(
                "Lambda function ARN",
                "arn:aws:lambda:ap-northeast-1:123456789012:function:idp",
            ),
        ],
        "Certificate: FTPS needs a certificate from ACM",
    ),
    new_server(
        &[Pick("[x] SFTP")],
        "Protocols: choose at least one protocol",
    ),
    new_server(&[Next, Pick("] VPC")], "VpcId: choose a VPC"),
    new_server(
        &[Next, Pick("] VPC"), Pick("acme-dmz ")],
        "SubnetIds: choose at least one subnet",
    ),
    new_server(
        &[
            Next,
            Next,
            Pick("AWS_LAMBDA"),
            Type("Lambda function ARN", "not-an-arn"),
        ],
        "Function: Lambda function: an ARN",
    ),
    new_server(
        &[
            Next,
            Next,
            Pick("AWS_LAMBDA"),
            Type(
                "Lambda function ARN",
                "arn:aws:lambda:us-east-1:123456789012:function:idp",
            ),
        ],
        "Function: Lambda function: it is in us-east-1",
    ),
    new_server(
        &[
            Next,
            Next,
            Pick("API_GATEWAY"),
            Type("API Gateway URL", "http://idp.example.com"),
            Type(
                "Invocation role ARN",
                "arn:aws:iam::123456789012:role/transfer-idp",
            ),
        ],
        "Url: the API Gateway stage URL",
    ),
    new_server(
        &[
            Next,
            Next,
            Pick("API_GATEWAY"),
            Type(
                "API Gateway URL",
                "https://abc.execute-api.ap-northeast-1.amazonaws.com/prod",
            ),
            Type("Invocation role ARN", "role/transfer-idp"),
        ],
        "InvocationRole: an IAM role ARN",
    ),
    new_server(
        &[
            Next,
            Next,
            Next,
            Next,
            Type("Logging role ARN", "arn:aws:iam::12:role/x"),
        ],
        "LoggingRole: an IAM role ARN",
    ),
    new_server(
        &[
            Next,
            Next,
            Next,
            Next,
            Type("Security policy", "StrongestPolicy"),
        ],
        "SecurityPolicyName: a Transfer security policy",
    ),
    new_server(
        &[Next, Next, Next, Next, Type("PassiveIp", "10.0.0.300")],
        "PassiveIp: \"10.0.0.300\" is neither AUTO nor",
    ),
    new_server(
        &[Next, Next, Next, Next, Type("Tags", "aws:owner=ops")],
        "Tags: tag key \"aws:owner\": keys starting with aws: are AWS's own",
    ),
    new_server_field(
        &[Next, Next, Next, Next, Type("Tags", "team")],
        "Tags: \"team\" is not key=value",
    ),
    new_server_field(
        &[Type("Region", "tokyo")],
        "Region: \"tokyo\" is not a region name",
    ),
    clone_server(
        "ftps_internet",
        &[],
        "is not a free Elastic IP of this region",
    ),
    clone_server(
        "ftps_internet",
        &[Pick("] FTP ")],
        "AddressAllocationIds: FTP cannot have Elastic IPs",
    ),
    clone_server(
        "ftp_vpc",
        &[
            Next,
            Next,
            Pick("AWS_LAMBDA"),
            Type("Lambda function ARN", ""),
        ],
        "Function: Lambda function: an ARN",
    ),
];

#[test]
fn the_catalogue_has_at_least_40_cases_over_every_kind_of_input() {
    assert!(CASES.len() >= 40, "{} cases", CASES.len());
    let kinds = [
        PassiveIp,
        NewUser(N::Name),
        NewUser(N::Role),
        NewUser(N::Home),
        NewUser(N::SshKey),
        NewUser(N::Policy),
        EditUser(E::Role),
        EditUser(E::Home),
        EditUser(E::Policy),
        ImportKey,
        Cli,
        ThemeFile,
        IdpNewUser(I::Name),
        IdpNewUser(I::Role),
        IdpNewUser(I::Home),
        IdpNewUser(I::Mappings),
        IdpNewUser(I::HomeAndMappings),
        IdpNewUser(I::Keys),
        IdpNewUser(I::Policy),
        IdpNewUser(I::Length),
        IdpNewUser(I::PasswordAgain),
        SecretJson,
        Tag(T::Key),
        Tag(T::Value),
        CopyUsers,
    ];
    for kind in kinds {
        assert!(CASES.iter().any(|c| c.at == kind), "no case for {kind:?}");
    }
    let servers = CASES
        .iter()
        .filter(|c| matches!(c.at, NewServer { .. }))
        .count();
    assert!(servers >= 15, "{servers} create form cases");
}

const WRITES: &[&str] = &[
    "Create", "Update", "Delete", "Put", "Import", "Start", "Stop", "Tag", "Untag",
];

/// No operation that changes anything reached the emulator.
fn assert_no_writes(emulator: &Emulator) {
    let writes: Vec<_> = emulator
        .requests()
        .into_iter()
        .filter(|(_, op)| WRITES.iter().any(|w| op.starts_with(w)))
        .collect();
    assert!(writes.is_empty(), "write calls reached AWS: {writes:?}");
}

/// The seeded estate, with the seeding's own writes out of the request log.
fn seeded(emulator: &Emulator) -> serde_json::Value {
    let estate = emulator.seed(0);
    emulator.control("DELETE", "requests", None);
    estate
}

fn console(emulator: &Emulator, extra: &[&str]) -> Console {
    Console::start(emulator, extra, &[], 200, 50)
}

/// Submits the form and checks the error is shown at a field; then closes
/// the form and checks the console still runs.
fn expect_field_error(tmux: &Tmux, case: &Case, title: &str) {
    tmux.send(&["Enter"]);
    let shown = format!("✗ {}", case.error);
    tmux.wait_until(WAIT, |screen| screen.contains(&shown))
        .unwrap_or_else(|screen| {
            panic!(
                "{:?} {:?}: {shown:?} not shown:\n{screen}",
                case.at, case.input
            )
        });
    tmux.send(&["Escape"]);
    tmux.wait_until(WAIT, |screen| !screen.contains(title))
        .unwrap_or_else(|screen| panic!("the form did not close:\n{screen}"));
    assert!(!tmux.exited(), "the console exited");
}

#[test]
fn bad_passive_ips_are_refused_at_the_field() {
    let emulator = Emulator::start(&[]);
    let estate = seeded(&emulator);
    let id = seeded_server(&estate, "ftps_internet");
    let console = console(&emulator, &[]);
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    console.select_server(id);
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("› Servers › {id}"), WAIT);

    let cases: Vec<&Case> = CASES.iter().filter(|c| c.at == PassiveIp).collect();
    for case in cases {
        tmux.send(&["p"]);
        tmux.wait_for("AUTO, or the address of a load balancer", WAIT);
        tmux.send(&["C-u"]);
        tmux.type_text(case.input);
        expect_field_error(tmux, case, "AUTO, or the address of a load balancer");
    }
    assert_no_writes(&emulator);
}

/// Fills the new-user form with good values and the case's bad one.
fn fill_new_user(tmux: &Tmux, bad: NewUserField, input: &str) {
    let fields = [
        (N::Name, "bad.input"),
        (N::Role, ROLE),
        (N::Home, HOME),
        (N::SshKey, ED25519),
        (N::Policy, ""),
    ];
    for (i, (field, good)) in fields.into_iter().enumerate() {
        if i > 0 {
            tmux.send(&["Tab"]);
        }
        let text = if field == bad { input } else { good };
        if !text.is_empty() {
            tmux.type_text(text);
        }
    }
}

fn fill_edit(tmux: &Tmux, bad: EditField, input: &str) {
    let index = match bad {
        E::Role => 0,
        E::Home => 1,
        E::Policy => 2,
    };
    for _ in 0..index {
        tmux.send(&["Tab"]);
    }
    tmux.send(&["C-u"]);
    if !input.is_empty() {
        tmux.type_text(input);
    }
}

#[test]
fn bad_user_fields_are_refused_at_the_field() {
    let emulator = Emulator::start(&[]);
    let estate = seeded(&emulator);
    let id = seeded_server(&estate, "sftp_public");
    let console = console(&emulator, &[]);
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    console.select_server(id);
    tmux.send(&["u"]);
    tmux.wait_for(&format!("Users of {id} (3)"), WAIT);
    tmux.wait_for("partner-a", WAIT);

    for case in CASES {
        match case.at {
            NewUser(field) => {
                tmux.send(&["n"]);
                tmux.wait_for("New user", WAIT);
                fill_new_user(tmux, field, case.input);
                expect_field_error(tmux, case, "New user");
            }
            ImportKey => {
                tmux.send(&["a"]);
                tmux.wait_for("Import an SSH key for", WAIT);
                tmux.type_text(case.input);
                expect_field_error(tmux, case, "Import an SSH key for");
            }
            EditUser(field) => {
                tmux.send(&["e"]);
                tmux.wait_for("Edit ", WAIT);
                fill_edit(tmux, field, case.input);
                expect_field_error(tmux, case, "Edit ");
            }
            _ => {}
        }
    }
    tmux.wait_for(&format!("Users of {id} (3)"), WAIT);
    assert_no_writes(&emulator);
}

#[test]
fn bad_command_lines_exit_2_with_the_reason_before_any_call() {
    let emulator = Emulator::start(&[]);
    for case in CASES.iter().filter(|c| c.at == Cli) {
        let args: Vec<&str> = case.input.split('|').collect();
        let output = Command::new(CONSOLE)
            .args(&args)
            .envs(emulator.console_env())
            .env("TRANSFER_CONSOLE_AUDIT_LOG", "/nonexistent/audit.jsonl")
            .output()
            .expect("running the console");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{:?}: {stderr}", case.input);
        assert!(
            stderr.contains(case.error),
            "{:?}: {:?} not in:\n{stderr}",
            case.input,
            case.error
        );
    }
    // Refused before any call: nothing at all reached the emulator.
    assert_eq!(emulator.requests(), Vec::new());
}

#[test]
fn broken_theme_files_are_reported_and_the_console_runs_with_the_default() {
    let emulator = Emulator::start(&[]);
    seeded(&emulator);
    let dir = tempfile::tempdir().expect("tempdir");
    for (i, case) in CASES.iter().filter(|c| c.at == ThemeFile).enumerate() {
        let path = dir.path().join(format!("t{i}.toml"));
        std::fs::write(&path, case.input).expect("theme file");
        let path = path.to_string_lossy().into_owned();
        let console = console(&emulator, &["--theme", &path]);
        let tmux = &console.tmux;
        tmux.wait_until(WAIT, |screen| screen.contains(case.error))
            .unwrap_or_else(|screen| {
                panic!("{:?}: {:?} not shown:\n{screen}", case.input, case.error)
            });
        console.wait_for_servers(4);
        assert!(!tmux.exited());
        tmux.send(&["q"]);
        tmux.wait_until(WAIT, |_| tmux.exited())
            .unwrap_or_else(|screen| panic!("still running after q:\n{screen}"));
    }
    assert_no_writes(&emulator);
}

const IDP_ROLE: &str = "arn:aws:iam::123456789012:role/transfer-legacy-ftp";

/// Fills the custom-IdP new-user form with good values and the case's bad
/// one. The fields: name, role, home, mappings, keys, policy, password
/// length (filled in already), password, password again.
fn fill_idp_user(tmux: &Tmux, bad: IdpField, input: &str) {
    let pick = |field: IdpField, good: &'static str| -> String {
        if field == bad {
            input.to_string()
        } else {
            good.to_string()
        }
    };
    let home = if bad == I::HomeAndMappings {
        "/acme-legacy-ftp/y".to_string()
    } else {
        pick(I::Home, "")
    };
    let (password, again) = if bad == I::PasswordAgain {
        ("Some-Password-1".to_string(), input.to_string())
    } else {
        (String::new(), String::new())
    };
    let values = [
        pick(I::Name, "bad.input"),
        pick(I::Role, IDP_ROLE),
        home,
        match bad {
            I::Mappings | I::HomeAndMappings => input.to_string(),
            _ => String::new(),
        },
        pick(I::Keys, ""),
        pick(I::Policy, ""),
        pick(I::Length, "24"),
        password,
        again,
    ];
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            tmux.send(&["Tab"]);
        }
        tmux.send(&["C-u"]);
        if !value.is_empty() {
            tmux.type_text(value);
        }
    }
}

#[test]
fn bad_custom_idp_users_and_secret_json_are_refused_before_any_write() {
    let emulator = Emulator::start(&[]);
    let estate = seeded(&emulator);
    let id = seeded_server(&estate, "ftp_vpc");
    let dir = tempfile::tempdir().expect("tempdir");
    // A stand-in editor: leaves the case's text in the file.
    let bad_json = dir.path().join("bad.json");
    let env = editor_env(dir.path(), &format!("cat {} > \"$1\"", bad_json.display()));
    let console = Console::start(&emulator, &[], &env, 200, 50);
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    console.select_server(id);
    tmux.send(&["u"]);
    tmux.wait_for(&format!("Users of {id}"), WAIT);
    tmux.wait_for("legacy-erp", WAIT);

    for case in CASES {
        match case.at {
            IdpNewUser(field) => {
                tmux.send(&["n"]);
                tmux.wait_for("New user of", WAIT);
                fill_idp_user(tmux, field, case.input);
                expect_field_error(tmux, case, "New user of");
            }
            SecretJson => {
                std::fs::write(&bad_json, case.input).expect("the editor's text");
                tmux.send(&["E"]);
                tmux.wait_until(WAIT, |screen| screen.contains(case.error))
                    .unwrap_or_else(|screen| {
                        panic!("{:?}: {:?} not shown:\n{screen}", case.input, case.error)
                    });
                if tmux.screen().contains("Not saved: the JSON needs fixing") {
                    tmux.send(&["Escape"]);
                    tmux.wait_until(WAIT, |screen| {
                        !screen.contains("Not saved: the JSON needs fixing")
                    })
                    .unwrap_or_else(|screen| panic!("the message stays:\n{screen}"));
                }
                assert!(!tmux.exited(), "the console exited");
            }
            _ => {}
        }
    }
    tmux.wait_for(&format!("Users of {id}"), WAIT);
    assert_no_writes(&emulator);
}

#[test]
fn bad_tags_and_copy_targets_are_refused_where_typed() {
    let emulator = Emulator::start(&[]);
    let estate = seeded(&emulator);
    let id = seeded_server(&estate, "sftp_public");
    let console = console(&emulator, &[]);
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    console.select_server(id);
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("› Servers › {id}"), WAIT);

    for case in CASES.iter().filter(|c| c.at == CopyUsers) {
        tmux.send(&[":"]);
        tmux.type_text(&format!("copy-users {}", case.input));
        tmux.send(&["Enter"]);
        tmux.wait_until(WAIT, |screen| screen.contains(case.error))
            .unwrap_or_else(|screen| {
                panic!("{:?}: {:?} not shown:\n{screen}", case.input, case.error)
            });
        tmux.send(&["Escape"]);
        assert!(!tmux.exited(), "the console exited");
    }

    tmux.send(&["T"]);
    tmux.wait_for("sftp-morning-drop", WAIT);
    for case in CASES.iter().filter(|c| matches!(c.at, Tag(_))) {
        tmux.send(&["n"]);
        tmux.wait_for("Add a tag", WAIT);
        let (key, value) = match case.at {
            Tag(T::Key) => (case.input, "ops"),
            _ => ("Team", case.input),
        };
        if !key.is_empty() {
            tmux.type_text(key);
        }
        tmux.send(&["Tab"]);
        tmux.type_text(value);
        expect_field_error(tmux, case, "Add a tag");
    }
    // No copy was started (its survey lists users) and no tag was sent.
    assert!(
        !emulator.requests().iter().any(|(_, op)| op == "ListUsers"),
        "a copy was started"
    );
    assert_no_writes(&emulator);
}

fn run_acts(tmux: &Tmux, acts: &[Act]) {
    for act in acts {
        match act {
            Act::Pick(label) => form_pick(tmux, label, WAIT),
            Act::Type(label, text) => {
                form_pick(tmux, &format!("{label}:"), WAIT);
                tmux.send(&["C-u"]);
                if !text.is_empty() {
                    tmux.type_text(text);
                }
                tmux.send(&["Enter"]);
            }
            Act::Next => tmux.send(&["Tab"]),
        }
        // The screen follows each act before the next reads it.
        std::thread::sleep(Duration::from_millis(150));
    }
}

#[test]
fn bad_server_specifications_never_reach_create_server() {
    let emulator = Emulator::start(&[]);
    let estate = seeded(&emulator);
    let console = console(&emulator, &[]);
    let tmux = &console.tmux;
    console.wait_for_servers(4);
    for case in CASES {
        let NewServer {
            clone_of,
            acts,
            at_field,
        } = case.at
        else {
            continue;
        };
        let title = match clone_of {
            None => {
                tmux.send(&["N"]);
                "New server in"
            }
            Some(role) => {
                console.select_server(seeded_server(&estate, role));
                tmux.send(&["C"]);
                "Clone s-"
            }
        };
        tmux.wait_for(title, WAIT);
        tmux.wait_until(WAIT, |screen| !screen.contains("reading"))
            .unwrap_or_else(|screen| panic!("the form's lists never came:\n{screen}"));
        run_acts(tmux, acts);
        if !at_field {
            tmux.send(&["Tab"; 6]);
            tmux.wait_for("CreateServer will be sent with:", WAIT);
            tmux.send(&["y"]);
            tmux.wait_for("not sent:", WAIT);
        }
        tmux.wait_until(WAIT, |screen| screen.contains(case.error))
            .unwrap_or_else(|screen| {
                panic!("{:?}: {:?} not shown:\n{screen}", case.at, case.error)
            });
        tmux.send(&["Escape"]);
        if at_field {
            tmux.send(&["Escape"]);
        }
        tmux.wait_until(WAIT, |screen| !screen.contains(title))
            .unwrap_or_else(|screen| panic!("the form did not close:\n{screen}"));
        // Back at the top of the list for the next clone's selection.
        tmux.send(&["Up"; 10]);
        assert!(!tmux.exited(), "the console exited");
    }
    assert_no_writes(&emulator);
}
