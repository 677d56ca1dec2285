//! Flow tests of the custom-IdP users pane: keys and answers in, state and
//! commands out.

use crossterm::event::{KeyCode, KeyEvent};

use super::dialogs::{self, IdpDialog};
use super::*;
use crate::app::server_detail::ServerCmd;
use crate::app::tests::{server, summary};
use crate::app::{App, Cmd, Msg, Pane, TerminalCmd};
use crate::model::login_secret::{DEFAULT_PREFIX, SecretName};
use crate::model::password::Password;
use crate::model::secret_value::{SecretValue, WriteError};
use crate::model::{AwsError, AwsSettings};
use crate::model::{IdentityProviderType, LoginTest, Protocol, ServerState};

pub const LAMBDA: &str = "s-0000000000000000a";
pub const TWIN: &str = "s-0000000000000000b";
pub const MANAGED: &str = "s-0000000000000000c";
pub const DIRECTORY: &str = "s-0000000000000000d";
pub const PASSWORD: &str = "Seeded-Pass-0001";
const ROLE: &str = "arn:aws:iam::123456789012:role/ftp";

pub fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The rotation question answered: legacy-erp's name typed, then Enter.
fn rotation_confirmed(app: &mut App) -> Vec<Cmd> {
    type_text(app, "legacy-erp");
    press(app, KeyCode::Enter)
}

/// Four servers listed and described: two AWS_LAMBDA (FTP), one
/// SERVICE_MANAGED, one AWS_DIRECTORY_SERVICE.
pub fn listed(read_only: bool) -> App {
    let settings = AwsSettings {
        profile: Some("ops".into()),
        region: Some("ap-northeast-1".into()),
        endpoint_url: None,
        ..Default::default()
    };
    let mut app = App::new(settings, read_only);
    let req = match &app.start()[1] {
        Cmd::ListServers { req } => *req,
        other => panic!("unexpected {other:?}"),
    };
    let kinds = [
        (LAMBDA, IdentityProviderType::AwsLambda),
        (TWIN, IdentityProviderType::AwsLambda),
        (MANAGED, IdentityProviderType::ServiceManaged),
        (DIRECTORY, IdentityProviderType::AwsDirectoryService),
    ];
    let summaries = kinds
        .iter()
        .map(|(id, kind)| {
            let mut row = summary(id, ServerState::Online);
            row.identity_provider_type = kind.clone();
            row
        })
        .collect();
    let describes = app.update(Msg::ServersListed {
        req,
        result: Ok(summaries),
    });
    for cmd in describes {
        if let Cmd::DescribeServer { req, server_id } = cmd {
            let mut described = server(&server_id, "ftp-legacy", &[Protocol::Ftp]);
            described.summary.identity_provider_type = kinds
                .iter()
                .find(|(id, _)| *id == server_id)
                .map(|(_, kind)| kind.clone())
                .unwrap_or(IdentityProviderType::AwsLambda);
            app.update(Msg::ServerDescribed {
                req,
                server_id,
                result: Ok(Box::new(described)),
            });
        }
    }
    app
}

pub fn entry(server_id: &str, user: &str) -> SecretEntry {
    let name = SecretName::secret_name(server_id, user, DEFAULT_PREFIX);
    SecretEntry {
        parsed: SecretName::parse(&name, DEFAULT_PREFIX),
        name,
        last_changed: Some("2026-11-22T02:00:01Z".into()),
        deleted: None,
    }
}

pub fn value(json: &str, version: &str) -> SecretValue {
    SecretValue::from_text(version, Some(json))
}

pub fn erp_json() -> String {
    format!(
        r#"{{"Password":"{PASSWORD}","Role":"{ROLE}","HomeDirectory":"/acme-legacy-ftp/erp","Team":"logistics"}}"#
    )
}

fn list_req(cmds: &[Cmd]) -> (RequestId, ListFilter) {
    match cmds {
        [Cmd::Idp(IdpCmd::List { req, filter })] => (*req, filter.clone()),
        other => panic!("expected one List: {other:?}"),
    }
}

pub fn read_req(cmds: &[Cmd]) -> (RequestId, Vec<String>) {
    match cmds {
        [Cmd::Idp(IdpCmd::Read { req, names })] => (*req, names.clone()),
        other => panic!("expected one Read: {other:?}"),
    }
}

/// The answer to a Read: these values.
pub fn read_answer(req: RequestId, values: Vec<(String, Result<SecretValue, AwsError>)>) -> Msg {
    Msg::Idp(IdpMsg::Read {
        req,
        values,
        one_at_a_time: None,
    })
}

/// The read under way of the row of `name`.
pub fn reading(app: &App, name: &str) -> RequestId {
    match pane(app)
        .rows
        .iter()
        .find(|row| row.entry.name == name)
        .map(|row| &row.value)
    {
        Some(ValueState::Reading(req)) => *req,
        other => panic!("{name} is not being read: {other:?}"),
    }
}

fn write_cmd(cmds: &[Cmd]) -> (RequestId, Verb, Write) {
    match cmds {
        [Cmd::Idp(IdpCmd::Write { req, verb, write })] => (*req, *verb, write.clone()),
        other => panic!("expected one Write: {other:?}"),
    }
}

pub fn pane(app: &App) -> &IdpUsersPane {
    match app.pane() {
        Pane::IdpUsers(pane) => pane,
        other => panic!("not the users pane: {other:?}"),
    }
}

/// The users of LAMBDA listed (edi-partner, legacy-erp and a legacy
/// `SFTP/` one), every value asked for at once: edi-partner's denied,
/// legacy-erp's read and selected, the legacy one's still being read.
pub fn users_open(read_only: bool) -> App {
    let mut app = listed(read_only);
    let (req, filter) = list_req(&app.open_users(LAMBDA));
    assert_eq!(
        filter,
        ListFilter::Server {
            prefix: DEFAULT_PREFIX.into(),
            server_id: LAMBDA.into()
        }
    );
    let mut legacy = entry(LAMBDA, "x");
    legacy.name = "SFTP/scanner".into();
    legacy.parsed = SecretName::parse("SFTP/scanner", DEFAULT_PREFIX);
    let cmds = app.update(Msg::Idp(IdpMsg::Listed {
        req,
        result: Ok(vec![
            entry(LAMBDA, "edi-partner"),
            entry(LAMBDA, "legacy-erp"),
            entry(TWIN, "legacy-erp"),
            legacy,
        ]),
    }));
    assert_eq!(pane(&app).rows.len(), 3, "the twin's secret is not listed");
    let (req, names) = read_req(&cmds);
    let rows: Vec<String> = pane(&app)
        .rows
        .iter()
        .map(|r| r.entry.name.clone())
        .collect();
    assert_eq!(names, rows, "every value, in one command");
    app.update(read_answer(
        req,
        vec![
            (
                rows[0].clone(),
                Err(AwsError::AccessDenied {
                    action: "secretsmanager:GetSecretValue".into(),
                    message: String::new(),
                }),
            ),
            (rows[1].clone(), Ok(value(&erp_json(), "v1"))),
        ],
    ));
    assert!(
        press(&mut app, KeyCode::Down).is_empty(),
        "a selection reads nothing more"
    );
    assert!(rows[1].ends_with("/legacy-erp"));
    app
}

/// [`users_open`] with the legacy row's value read too: every row's VALUE
/// filled.
pub fn users_read(read_only: bool) -> App {
    let mut app = users_open(read_only);
    let req = reading(&app, "SFTP/scanner");
    let json = format!(r#"{{"PublicKey":"ssh-ed25519 AAAA scanner","Role":"{ROLE}"}}"#);
    app.update(read_answer(
        req,
        vec![("SFTP/scanner".into(), Ok(value(&json, "v7")))],
    ));
    app
}

fn erp_name() -> String {
    SecretName::secret_name(LAMBDA, "legacy-erp", DEFAULT_PREFIX)
}

fn audited(cmds: &[Cmd]) -> Vec<&crate::model::audit::AuditEntry> {
    cmds.iter()
        .filter_map(|cmd| match cmd {
            Cmd::Server(ServerCmd::Audit { entry }) => Some(entry),
            _ => None,
        })
        .collect()
}

#[test]
fn u_opens_the_users_where_they_live() {
    let mut app = listed(false);
    // SERVICE_MANAGED users are Transfer users: their own pane lists them.
    let cmds = app.open_users(MANAGED);
    assert!(
        matches!(cmds.as_slice(), [Cmd::ManagedUsers(_)]),
        "{cmds:?}"
    );
    assert!(matches!(app.pane(), Pane::ManagedUsers(_)));
    press(&mut app, KeyCode::Esc);
    assert!(app.open_users(DIRECTORY).is_empty());
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("directory"))
    );
    assert_eq!(app.stack.len(), 1);
    // `u` on the selected row of the servers list (the first: AWS_LAMBDA).
    let (_, filter) = list_req(&press(&mut app, KeyCode::Char('u')));
    assert!(matches!(filter, ListFilter::Server { server_id, .. } if server_id == LAMBDA));
    assert_eq!(app.breadcrumbs(), ["Servers", "Users"]);
}

#[test]
fn u_on_the_server_detail_opens_its_users() {
    let mut app = listed(false);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.pane(), Pane::ServerDetail(_)));
    let (_, filter) = list_req(&press(&mut app, KeyCode::Char('u')));
    assert!(matches!(filter, ListFilter::Server { server_id, .. } if server_id == LAMBDA));
    assert_eq!(app.breadcrumbs(), ["Servers", LAMBDA, "Users"]);
}

#[test]
fn opening_another_view_masks_a_revealed_password() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Char('O'));
    press(&mut app, KeyCode::Esc);
    assert_eq!(pane(&app).revealed(), None);
}

#[test]
fn every_value_is_read_when_listed_and_a_denied_one_stays_listed() {
    let mut app = users_open(false);
    let pane_now = pane(&app);
    assert!(matches!(
        &pane_now.rows[0].value,
        ValueState::Failed(AwsError::AccessDenied { action, .. }) if action == "secretsmanager:GetSecretValue"
    ));
    assert!(pane_now.rows[1].secret().is_some());
    assert!(
        matches!(pane_now.rows[2].value, ValueState::Reading(_)),
        "asked for with the others, not on selection"
    );
    assert_eq!(pane_now.revealed(), None);

    // BatchGetSecretValue denied: said once, not at every listing.
    let req = reading(&app, "SFTP/scanner");
    let denied = AwsError::AccessDenied {
        action: "secretsmanager:BatchGetSecretValue".into(),
        message: String::new(),
    };
    app.update(Msg::Idp(IdpMsg::Read {
        req,
        values: vec![("SFTP/scanner".into(), Ok(value(r#"{"Role":"r"}"#, "v1")))],
        one_at_a_time: Some(denied.clone()),
    }));
    assert!(pane(&app).rows[2].secret().is_some());
    let said = app.notice.take().map(|n| n.text).unwrap_or_default();
    assert!(
        said.contains("secretsmanager:BatchGetSecretValue"),
        "{said}"
    );
    let (req, _) = list_req(&press(&mut app, KeyCode::Char('r')));
    let cmds = app.update(Msg::Idp(IdpMsg::Listed {
        req,
        result: Ok(vec![entry(LAMBDA, "legacy-erp")]),
    }));
    let (req, _) = read_req(&cmds);
    app.update(Msg::Idp(IdpMsg::Read {
        req,
        values: vec![(erp_name(), Ok(value(&erp_json(), "v1")))],
        one_at_a_time: Some(denied),
    }));
    assert!(app.notice.is_none(), "said once: {:?}", app.notice);
}

#[test]
fn create_validates_then_sends_a_generated_password_shown_once() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "ab");
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "bad input sends nothing"
    );
    let Some(IdpDialog::User { form, .. }) = &pane(&app).dialog else {
        panic!("the form stays open");
    };
    assert!(
        form.fields[dialogs::at(form, dialogs::USER)]
            .error
            .is_some()
    );
    assert!(
        form.fields[dialogs::at(form, dialogs::ROLE_ARN)]
            .error
            .is_some()
    );
    type_text(&mut app, "c-new");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, ROLE);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "/acme-legacy-ftp/new");
    let (req, verb, write) = write_cmd(&press(&mut app, KeyCode::Enter));
    assert_eq!(verb, Verb::Create);
    let Write::Create {
        name,
        secret,
        password,
    } = write
    else {
        panic!("a creation");
    };
    assert_eq!(name, format!("aws/transfer/{LAMBDA}/abc-new"));
    assert_eq!(secret.role(), Some(ROLE));
    assert_eq!(password, NewPassword::Generate(24));

    let cmds = app.update(Msg::Idp(IdpMsg::Written {
        req,
        verb,
        name: name.clone(),
        result: Ok(Written {
            version: Some("v1".into()),
            generated: Some(Password("Generated-Once-1".into())),
            ..Written::default()
        }),
        afterwards: None,
    }));
    let entries = audited(&cmds);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].field, "LoginSecret:create");
    assert_eq!(entries[0].server, LAMBDA);
    assert_eq!(entries[0].after, name);
    assert!(!format!("{cmds:?}").contains("Generated-Once-1"));
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Idp(IdpCmd::List { .. })))
    );
    let Some(IdpDialog::Message { password, .. }) = &pane(&app).dialog else {
        panic!("the password is shown");
    };
    assert_eq!(
        password.as_ref().map(|p| p.0.as_str()),
        Some("Generated-Once-1")
    );
    press(&mut app, KeyCode::Enter);
    assert!(pane(&app).dialog.is_none(), "gone once dismissed");
}

#[test]
fn a_generated_password_waits_on_its_pane_when_another_view_is_on_top() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('R'));
    let (req, verb, _) = write_cmd(&rotation_confirmed(&mut app));
    press(&mut app, KeyCode::Char('O'));
    let cmds = app.update(Msg::Idp(IdpMsg::Written {
        req,
        verb,
        name: erp_name(),
        result: Ok(Written {
            generated: Some(Password("Rotated-Pass-03".into())),
            ..Written::default()
        }),
        afterwards: None,
    }));
    assert!(cmds.iter().any(|c| matches!(
        c,
        Cmd::Idp(IdpCmd::List {
            filter: ListFilter::Server { .. },
            ..
        })
    )));
    press(&mut app, KeyCode::Esc);
    assert!(matches!(
        &pane(&app).dialog,
        Some(IdpDialog::Message { password: Some(p), .. }) if p.0 == "Rotated-Pass-03"
    ));
}

#[test]
fn an_existing_name_is_refused_in_the_form() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "legacy-erp");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, ROLE);
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let Some(IdpDialog::User { form, .. }) = &pane(&app).dialog else {
        panic!("the form stays open");
    };
    assert!(form.error.as_deref().is_some_and(|e| e.contains("exists")));
}

#[test]
fn an_edit_keeps_unknown_keys_and_the_password_and_names_the_version_read() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('e'));
    // Role is the first field: replace it.
    for _ in 0..ROLE.len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "arn:aws:iam::123456789012:role/other");
    let (_, verb, write) = write_cmd(&press(&mut app, KeyCode::Enter));
    assert_eq!(verb, Verb::Edit);
    let Write::Update {
        name,
        secret,
        read_version,
        password,
    } = write
    else {
        panic!("an update");
    };
    assert_eq!(name, erp_name());
    assert_eq!(read_version, "v1");
    assert_eq!(password, NewPassword::Keep);
    assert_eq!(secret.role(), Some("arn:aws:iam::123456789012:role/other"));
    assert_eq!(secret.other_keys(), ["Team"]);
    assert_eq!(secret.password(), Some(PASSWORD));
}

#[test]
fn a_secret_changed_meanwhile_is_not_overwritten_and_can_be_reloaded() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('e'));
    let (req, verb, _) = write_cmd(&press(&mut app, KeyCode::Enter));
    let cmds = app.update(Msg::Idp(IdpMsg::Written {
        req,
        verb,
        name: erp_name(),
        result: Err(WriteError::Changed {
            current: "v2".into(),
        }),
        afterwards: None,
    }));
    let entries = audited(&cmds);
    assert!(entries[0].outcome.starts_with("refused"), "{entries:?}");
    assert_eq!(entries[0].before.as_deref(), Some("version v1"));
    assert!(
        !cmds.iter().any(|c| matches!(c, Cmd::Idp(_))),
        "no retry, no refresh"
    );
    let Some(IdpDialog::Confirm { confirm, .. }) = &pane(&app).dialog else {
        panic!("the reload question");
    };
    assert!(confirm.lines[0].contains("v2"));
    let (_, names) = read_req(&press(&mut app, KeyCode::Char('y')));
    assert_eq!(names, [erp_name()]);
}

#[test]
fn rotation_needs_the_user_name_typed() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('R'));
    // Neither Enter, nor `y`, nor another name rotates.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(press(&mut app, KeyCode::Char('y')).is_empty());
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "edi-partner");
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let Some(IdpDialog::Confirm { confirm, .. }) = &pane(&app).dialog else {
        panic!("the question went away: {:?}", pane(&app).dialog);
    };
    let typed = confirm.typed.as_ref().expect("a name to type");
    assert_eq!(typed.accepted(), ["legacy-erp"]);
    assert!(typed.error.is_some());
    for _ in 0.."edi-partner".len() {
        press(&mut app, KeyCode::Backspace);
    }
    let (_, verb, _) = write_cmd(&rotation_confirmed(&mut app));
    assert_eq!(verb, Verb::Rotate);
}

#[test]
fn rotate_generates_in_the_worker_and_shows_the_new_password_once() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('R'));
    let (req, verb, write) = write_cmd(&rotation_confirmed(&mut app));
    assert_eq!(verb, Verb::Rotate);
    assert!(matches!(
        &write,
        Write::Update { read_version, password: NewPassword::Generate(24), secret, .. }
            if read_version == "v1" && secret.other_keys() == ["Team"]
    ));
    let cmds = app.update(Msg::Idp(IdpMsg::Written {
        req,
        verb,
        name: erp_name(),
        result: Ok(Written {
            version: Some("v2".into()),
            generated: Some(Password("Rotated-Pass-02".into())),
            ..Written::default()
        }),
        afterwards: None,
    }));
    assert_eq!(audited(&cmds)[0].field, "LoginSecret:Password");
    let Some(IdpDialog::Message {
        password: Some(p),
        lines,
        ..
    }) = &pane(&app).dialog
    else {
        panic!("no new password shown");
    };
    assert_eq!(p.0, "Rotated-Pass-02");
    // The message and the question before agree: p reveals it again.
    let said = lines.join(" ");
    assert!(said.contains("p reveals it again"), "{said}");
    assert!(!said.contains("once"), "{said}");
}

#[test]
fn copy_creates_the_same_secret_for_the_twin_server() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('C'));
    let (_, verb, write) = write_cmd(&press(&mut app, KeyCode::Enter));
    assert_eq!(verb, Verb::Copy);
    let Write::Create {
        name,
        secret,
        password,
    } = write
    else {
        panic!("a creation");
    };
    assert_eq!(name, format!("aws/transfer/{TWIN}/legacy-erp"));
    assert_eq!(password, NewPassword::Keep);
    assert_eq!(secret, LoginSecret::parse(&erp_json()).unwrap());
}

#[test]
fn copying_a_user_the_twin_already_has_offers_to_update_it_naming_the_keys_that_differ() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('C'));
    let (req, verb, _) = write_cmd(&press(&mut app, KeyCode::Enter));
    let twin = format!("aws/transfer/{TWIN}/legacy-erp");
    let cmds = app.update(Msg::Idp(IdpMsg::Written {
        req,
        verb,
        name: twin.clone(),
        result: Err(WriteError::Aws(AwsError::Service {
            action: "secretsmanager:CreateSecret".into(),
            code: "ResourceExistsException".into(),
            message: "The operation failed because the secret already exists.".into(),
        })),
        afterwards: None,
    }));
    // The twin's secret is read to compare, never a dead end.
    let read = cmds
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::Idp(IdpCmd::Read { req, names }) if *names == [twin.clone()] => Some(*req),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no read of the twin in {cmds:?}"));
    let notice = app.notice.clone().expect("a notice");
    assert!(notice.text.contains("already on"), "{}", notice.text);
    assert!(!notice.text.contains("ResourceExists"), "{}", notice.text);

    // The twin's secret has another password and role, and no Team.
    let theirs = r#"{"Password":"Twin-Only-Secret-9","Role":"arn:aws:iam::123456789012:role/other","HomeDirectory":"/acme-legacy-ftp/erp"}"#;
    app.update(read_answer(
        read,
        vec![(
            twin.clone(),
            Ok(SecretValue::from_text("v-twin", Some(theirs))),
        )],
    ));
    let Some(IdpDialog::Confirm { confirm, .. }) = &pane(&app).dialog else {
        panic!("no offer: {:?}", pane(&app).dialog);
    };
    let text = confirm.lines.join("\n");
    assert!(
        text.contains("Keys that differ there: Password, Role, Team."),
        "{text}"
    );
    assert!(
        !text.contains("Twin-Only-Secret-9") && !text.contains(PASSWORD),
        "{text}"
    );

    // y: PutSecretValue on the twin, only if it is still the version read.
    let (_, verb, write) = write_cmd(&press(&mut app, KeyCode::Char('y')));
    assert_eq!(verb, Verb::Copy);
    assert_eq!(
        write,
        Write::Update {
            name: twin,
            secret: LoginSecret::parse(&erp_json()).unwrap(),
            read_version: "v-twin".into(),
            password: NewPassword::Keep,
        }
    );
}

#[test]
fn delete_needs_the_name_and_keeps_a_recovery_window_then_restore() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('x'));
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "the name is needed"
    );
    type_text(&mut app, "legacy-erp");
    let (req, verb, write) = write_cmd(&press(&mut app, KeyCode::Enter));
    assert_eq!(
        write,
        Write::Delete {
            name: erp_name(),
            recovery_days: 7
        }
    );
    let cmds = app.update(Msg::Idp(IdpMsg::Written {
        req,
        verb,
        name: erp_name(),
        result: Ok(Written {
            deletion_date: Some("2026-12-03T01:00:00Z".into()),
            ..Written::default()
        }),
        afterwards: None,
    }));
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("2026-12-03"))
    );
    let (list, _) = list_req(&cmds[1..]);
    let mut deleted = entry(LAMBDA, "legacy-erp");
    deleted.deleted = Some("2026-11-26T01:00:00Z".into());
    app.update(Msg::Idp(IdpMsg::Listed {
        req: list,
        result: Ok(vec![entry(LAMBDA, "edi-partner"), deleted]),
    }));
    assert_eq!(pane(&app).list.cursor.selected(), 1, "still on legacy-erp");
    press(&mut app, KeyCode::Char('U'));
    let Some(IdpDialog::Confirm { confirm, .. }) = &pane(&app).dialog else {
        panic!("no question");
    };
    // A question, not a statement of what already happened.
    assert!(confirm.title.ends_with('?'), "{}", confirm.title);
    assert!(
        confirm.lines[0].starts_with("Restore "),
        "{:?}",
        confirm.lines
    );
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "Enter is not a yes"
    );
    let (_, verb, write) = write_cmd(&press(&mut app, KeyCode::Char('y')));
    assert_eq!(verb, Verb::Restore);
    assert_eq!(write, Write::Restore { name: erp_name() });
}

#[test]
fn a_failed_write_says_what_and_why_and_changes_nothing() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('x'));
    type_text(&mut app, "legacy-erp");
    let (req, verb, _) = write_cmd(&press(&mut app, KeyCode::Enter));
    let cmds = app.update(Msg::Idp(IdpMsg::Written {
        req,
        verb,
        name: erp_name(),
        result: Err(WriteError::Aws(AwsError::AccessDenied {
            action: "secretsmanager:DeleteSecret".into(),
            message: String::new(),
        })),
        afterwards: None,
    }));
    let notice = app.notice.clone().expect("a notice");
    assert!(
        notice.text.contains("secretsmanager:DeleteSecret"),
        "{notice:?}"
    );
    assert!(audited(&cmds)[0].outcome.starts_with("failed"));
    assert!(
        pane(&app).rows[1].secret().is_some(),
        "the row is as it was"
    );
}

#[test]
fn read_only_refuses_every_change_where_the_key_was_pressed() {
    let mut app = users_open(true);
    for key in ['n', 'e', 'E', 'R', 'C', 'x', 'U'] {
        app.notice = None;
        assert!(press(&mut app, KeyCode::Char(key)).is_empty(), "{key}");
        assert!(pane(&app).dialog.is_none(), "{key}");
        let notice = app.notice.clone().expect("said so");
        assert!(notice.text.starts_with("read-only"), "{key}: {notice:?}");
    }
    // Looking is not changing.
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(pane(&app).revealed(), Some(PASSWORD));
    press(&mut app, KeyCode::Char('t'));
    assert!(matches!(
        pane(&app).dialog,
        Some(IdpDialog::TestLogin { .. })
    ));
}

#[test]
fn a_revealed_password_is_masked_again_after_ten_seconds_or_on_moving() {
    let mut app = users_read(false);
    assert!(!app.animating());
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(pane(&app).revealed(), Some(PASSWORD));
    assert!(app.animating(), "ticks run while a password is shown");
    for _ in 0..REVEAL_TICKS - 1 {
        app.update(Msg::Tick);
    }
    assert_eq!(pane(&app).revealed(), Some(PASSWORD));
    app.update(Msg::Tick);
    assert_eq!(pane(&app).revealed(), None);
    assert!(!app.animating());

    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Down);
    assert_eq!(pane(&app).revealed(), None, "moving masks it");
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.stack.len(), 1, "leaving the view drops it");
}

#[test]
fn copying_the_password_goes_to_the_terminal_never_to_the_screen() {
    let mut app = users_open(false);
    let cmds = press(&mut app, KeyCode::Char('c'));
    assert_eq!(
        cmds,
        [Cmd::Terminal(TerminalCmd::Copy {
            text: Password(PASSWORD.into())
        })]
    );
    assert!(!format!("{cmds:?}").contains(PASSWORD));
    assert!(
        !app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains(PASSWORD))
    );
    assert_eq!(pane(&app).revealed(), None);
}

#[test]
fn json_from_the_editor_is_validated_before_it_is_saved() {
    let mut app = users_open(false);
    let cmds = press(&mut app, KeyCode::Char('E'));
    let [
        Cmd::Terminal(TerminalCmd::EditSecret {
            req,
            name,
            read_version,
            text,
        }),
    ] = cmds.as_slice()
    else {
        panic!("the editor: {cmds:?}");
    };
    assert_eq!(
        (name.as_str(), read_version.as_str()),
        (erp_name().as_str(), "v1")
    );
    let secret = LoginSecret::parse(&text.0).expect("the editor gets the JSON");
    let mut bad = secret.clone();
    bad.set("Role", "not-an-arn");
    let cmds = app.update(Msg::Idp(IdpMsg::EditedJson {
        req: *req,
        name: name.clone(),
        read_version: "v1".into(),
        result: Ok(Some(bad)),
    }));
    assert!(cmds.is_empty(), "nothing saved");
    assert!(
        matches!(&pane(&app).dialog, Some(IdpDialog::Message { lines, .. }) if lines[0].starts_with("Role"))
    );
    press(&mut app, KeyCode::Esc);

    let Cmd::Terminal(TerminalCmd::EditSecret { req, .. }) =
        press(&mut app, KeyCode::Char('E'))[0].clone()
    else {
        panic!("the editor");
    };
    let mut good = secret.clone();
    good.set("Note", "added by hand");
    let (_, verb, write) = write_cmd(&app.update(Msg::Idp(IdpMsg::EditedJson {
        req,
        name: name.clone(),
        read_version: "v1".into(),
        result: Ok(Some(good.clone())),
    })));
    assert_eq!(verb, Verb::Edit);
    assert!(
        matches!(write, Write::Update { secret, read_version, .. } if secret == good && read_version == "v1")
    );
}

#[test]
fn a_login_test_uses_the_stored_password_on_request() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('t'));
    let cmds = press(&mut app, KeyCode::Enter);
    let [
        Cmd::Idp(IdpCmd::TestLogin {
            req,
            server_id,
            user,
            password,
            protocol,
        }),
    ] = cmds.as_slice()
    else {
        panic!("a test: {cmds:?}");
    };
    assert_eq!((server_id.as_str(), user.as_str()), (LAMBDA, "legacy-erp"));
    assert_eq!(password.as_ref().map(|p| p.0.as_str()), Some(PASSWORD));
    assert_eq!(protocol.as_deref(), Some("FTP"));
    app.update(Msg::Idp(IdpMsg::Tested {
        req: *req,
        result: Ok(LoginTest {
            status_code: 200,
            message: String::new(),
            url: None,
            response: format!(r#"{{"Role":"{ROLE}","HomeDirectory":"/acme-legacy-ftp/erp"}}"#),
        }),
    }));
    assert!(matches!(&pane(&app).dialog, Some(IdpDialog::LoginResult(test)) if test.succeeded()));
}

#[test]
fn orphans_are_secrets_of_servers_not_listed() {
    let mut app = listed(false);
    let (req, filter) = list_req(&app.open_orphans());
    assert_eq!(
        filter,
        ListFilter::All {
            prefix: DEFAULT_PREFIX.into()
        }
    );
    let gone = "s-0000000000000dead";
    let cmds = app.update(Msg::Idp(IdpMsg::Listed {
        req,
        result: Ok(vec![
            entry(LAMBDA, "legacy-erp"),
            entry(gone, "olduser"),
            entry(TWIN, "legacy-erp"),
        ]),
    }));
    assert!(cmds.is_empty(), "orphans are judged by name: no value read");
    let rows: Vec<_> = pane(&app)
        .rows
        .iter()
        .map(|r| r.entry.name.clone())
        .collect();
    assert_eq!(rows, [format!("aws/transfer/{gone}/olduser")]);
    press(&mut app, KeyCode::Char('x'));
    type_text(&mut app, "olduser");
    let (_, _, write) = write_cmd(&press(&mut app, KeyCode::Enter));
    assert!(matches!(
        write,
        Write::Delete {
            recovery_days: 7,
            ..
        }
    ));
}

#[test]
fn the_doctors_orphan_finding_opens_the_orphans_view() {
    use crate::app::DoctorPane;
    use crate::doctor::{Finding, Severity, report::Summary};
    let mut app = listed(false);
    let mut doctor = DoctorPane::new(None, RequestId(999));
    doctor.show(
        vec![
            Finding::new(
                "orphan-secret",
                Severity::Warning,
                "aws/transfer/s-0000000000000dead/olduser",
                "user secret of a server that no longer exists",
            )
            .fix(
                "delete it",
                None,
                Some(crate::doctor::FixAction::ReviewOrphanSecrets),
            ),
        ],
        Summary {
            servers_checked: 4,
            errors: 0,
            warnings: 1,
            info: 0,
            monthly_cost_usd: 0.0,
        },
    );
    app.open(Pane::Doctor(Box::new(doctor)));
    let (_, filter) = list_req(&press(&mut app, KeyCode::Char('f')));
    assert!(matches!(filter, ListFilter::All { .. }));
    assert_eq!(
        app.breadcrumbs().last().map(String::as_str),
        Some("Orphaned secrets")
    );
}

#[test]
fn a_home_with_several_mappings_asks_which_to_browse() {
    let mut app = listed(false);
    let (req, _) = list_req(&app.open_users(LAMBDA));
    let (read, names) = read_req(&app.update(Msg::Idp(IdpMsg::Listed {
        req,
        result: Ok(vec![entry(LAMBDA, "auditor")]),
    })));
    let name = names[0].clone();
    let json = format!(
        r#"{{"Role":"{ROLE}","PublicKey":"k","HomeDirectoryDetails":"[{{\"Entry\":\"/in\",\"Target\":\"/acme-a/in\"}},{{\"Entry\":\"/out\",\"Target\":\"/acme-b/out\"}}]"}}"#
    );
    app.update(read_answer(read, vec![(name, Ok(value(&json, "v1")))]));
    assert!(press(&mut app, KeyCode::Char('o')).is_empty());
    assert!(
        matches!(&pane(&app).dialog, Some(IdpDialog::ChooseHome { locations, .. }) if locations.len() == 2)
    );
    press(&mut app, KeyCode::Down);
    let cmds = press(&mut app, KeyCode::Enter);
    assert!(matches!(
        cmds.as_slice(),
        [Cmd::Objects(crate::app::objects::ObjectsCmd::ListPage { bucket, prefix, .. })]
            if bucket == "acme-b" && prefix == "out/"
    ));
    assert_eq!(app.breadcrumbs().last().map(String::as_str), Some("/out"));
}

#[test]
fn no_password_reaches_debug_output() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('e'));
    for _ in 0..5 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "Typed-Secret-99");
    let shown = format!("{:?}", app.stack);
    assert!(!shown.contains(PASSWORD), "the read secret leaked");
    assert!(!shown.contains("Typed-Secret-99"), "a masked field leaked");
}

/// Sends the write `key` starts (confirmed with `answer`), then answers it
/// with a 500 and the re-read's verdict.
fn failed_write(key: char, answer: &str, afterwards: Afterwards) -> (App, Vec<Cmd>) {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char(key));
    type_text(&mut app, answer);
    let (req, verb, _) = write_cmd(&press(&mut app, KeyCode::Enter));
    let cmds = app.update(Msg::Idp(IdpMsg::Written {
        req,
        verb,
        name: erp_name(),
        result: Err(WriteError::Aws(AwsError::Service {
            action: "secretsmanager:PutSecretValue".into(),
            code: "InternalServiceError".into(),
            message: "boom".into(),
        })),
        afterwards: Some(afterwards),
    }));
    (app, cmds)
}

fn reread_failed() -> Afterwards {
    Afterwards::Unknown(AwsError::Network {
        detail: "connection refused".into(),
    })
}

#[test]
fn a_failed_put_that_took_effect_is_shown_as_changed_anyway() {
    let (app, cmds) = failed_write('e', "", Afterwards::ChangedAnyway { generated: None });
    let notice = app.notice.clone().expect("a notice");
    assert!(notice.text.contains("saved: changed anyway"), "{notice:?}");
    assert!(notice.text.contains("InternalServiceError"), "{notice:?}");
    let outcome = &audited(&cmds)[0].outcome;
    assert!(outcome.starts_with("changed anyway despite"), "{outcome}");
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Idp(IdpCmd::List { .. }))),
        "listed again"
    );
}

#[test]
fn a_failed_put_left_unchanged_says_not_changed() {
    let (app, cmds) = failed_write('e', "", Afterwards::Unchanged);
    let notice = app.notice.clone().expect("a notice");
    assert!(notice.text.contains("not saved"), "{notice:?}");
    assert!(notice.text.ends_with("; not changed"), "{notice:?}");
    let outcome = &audited(&cmds)[0].outcome;
    assert!(outcome.starts_with("failed"), "{outcome}");
    assert!(outcome.ends_with("; not changed"), "{outcome}");
    assert!(
        pane(&app).rows[1].secret().is_some(),
        "the row is as it was"
    );
}

#[test]
fn a_failed_put_whose_re_read_failed_is_unknown() {
    let (app, cmds) = failed_write('e', "", reread_failed());
    let notice = app.notice.clone().expect("a notice");
    assert!(
        notice.text.contains("unknown (the re-read failed too: "),
        "{notice:?}"
    );
    let outcome = &audited(&cmds)[0].outcome;
    assert!(
        outcome.ends_with("; unknown (the re-read failed too)"),
        "{outcome}"
    );
}

#[test]
fn a_failed_delete_is_changed_anyway_not_changed_or_unknown() {
    let (app, cmds) = failed_write(
        'x',
        "legacy-erp",
        Afterwards::ChangedAnyway { generated: None },
    );
    let notice = app.notice.clone().expect("a notice");
    assert!(
        notice
            .text
            .contains("scheduled for deletion: changed anyway"),
        "{notice:?}"
    );
    assert!(audited(&cmds)[0].outcome.starts_with("changed anyway"));

    let (app, cmds) = failed_write('x', "legacy-erp", Afterwards::Unchanged);
    let notice = app.notice.clone().expect("a notice");
    assert!(notice.text.ends_with("; not changed"), "{notice:?}");
    assert!(audited(&cmds)[0].outcome.ends_with("; not changed"));

    let (app, cmds) = failed_write('x', "legacy-erp", reread_failed());
    let notice = app.notice.clone().expect("a notice");
    assert!(
        notice.text.contains("unknown (the re-read failed too"),
        "{notice:?}"
    );
    assert!(
        audited(&cmds)[0]
            .outcome
            .ends_with("unknown (the re-read failed too)")
    );
}

#[test]
fn a_rotation_that_took_effect_shows_its_generated_password_once() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('R'));
    let (req, verb, _) = write_cmd(&rotation_confirmed(&mut app));
    let cmds = app.update(Msg::Idp(IdpMsg::Written {
        req,
        verb,
        name: erp_name(),
        result: Err(WriteError::Aws(AwsError::Network {
            detail: "the answer was lost".into(),
        })),
        afterwards: Some(Afterwards::ChangedAnyway {
            generated: Some(Password("Rotated-Anyway-9".into())),
        }),
    }));
    assert!(!format!("{cmds:?}").contains("Rotated-Anyway-9"));
    let Some(IdpDialog::Message { password, .. }) = &pane(&app).dialog else {
        panic!("the live password is shown");
    };
    assert_eq!(
        password.as_ref().map(|p| p.0.as_str()),
        Some("Rotated-Anyway-9")
    );
}

fn shown_users(app: &App) -> Vec<String> {
    pane(app)
        .shown()
        .map(|row| row.user().to_string())
        .collect()
}

#[test]
fn slash_filters_the_secrets_s_sorts_and_esc_clears_before_going_back() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('/'));
    // `s` while typing is text, not the sort key.
    assert!(press(&mut app, KeyCode::Char('s')).is_empty());
    assert_eq!(pane(&app).list.sort, None);
    // The only row shown is selected; its value was asked for when listed.
    assert!(press(&mut app, KeyCode::Char('c')).is_empty());
    assert_eq!(
        pane(&app).selected().map(|r| r.entry.name.as_str()),
        Some("SFTP/scanner")
    );
    type_text(&mut app, "an");
    assert_eq!(shown_users(&app), ["scanner"]);
    assert_eq!(pane(&app).list.filter.text, "scan");
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(
        pane(&app).list.filter.input.is_none(),
        "Enter keeps the filter"
    );

    press(&mut app, KeyCode::Esc);
    assert_eq!(shown_users(&app).len(), 3, "Esc clears the filter");
    assert!(matches!(app.pane(), Pane::IdpUsers(_)), "and stays");

    press(&mut app, KeyCode::Char('s'));
    // By name as shown: the legacy `SFTP/` name sorts before lower case.
    assert_eq!(shown_users(&app), ["scanner", "edi-partner", "legacy-erp"]);
    press(&mut app, KeyCode::Char('S'));
    assert_eq!(shown_users(&app), ["legacy-erp", "edi-partner", "scanner"]);
    assert_eq!(
        pane(&app).selected().map(UserRow::user),
        Some("scanner"),
        "the selection follows its row"
    );
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.pane(), Pane::Servers));
}

#[test]
fn a_relisting_keeps_filter_order_and_selection() {
    let mut app = users_open(false);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "erp");
    press(&mut app, KeyCode::Enter);
    let (req, _) = list_req(&press(&mut app, KeyCode::Char('r')));
    app.update(Msg::Idp(IdpMsg::Listed {
        req,
        result: Ok(vec![
            entry(LAMBDA, "zeta-erp"),
            entry(LAMBDA, "edi-partner"),
            entry(LAMBDA, "legacy-erp"),
        ]),
    }));
    assert_eq!(shown_users(&app), ["zeta-erp", "legacy-erp"]);
    assert_eq!(pane(&app).selected().map(UserRow::user), Some("legacy-erp"));
}

#[test]
fn the_automatic_refresh_keeps_what_was_read_of_unchanged_secrets() {
    let mut app = users_open(false);
    let mut legacy = entry(LAMBDA, "x");
    legacy.name = "SFTP/scanner".into();
    legacy.parsed = SecretName::parse("SFTP/scanner", DEFAULT_PREFIX);
    let mut changed = entry(LAMBDA, "edi-partner");
    changed.last_changed = Some("2026-11-26T03:00:00Z".into());
    let relisted = vec![changed, entry(LAMBDA, "legacy-erp"), legacy];

    let (req, _) = list_req(&app.update(Msg::AutoRefresh));
    let cmds = app.update(Msg::Idp(IdpMsg::Listed {
        req,
        result: Ok(relisted.clone()),
    }));
    let (_, names) = read_req(&cmds);
    assert_eq!(
        names,
        [SecretName::secret_name(
            LAMBDA,
            "edi-partner",
            DEFAULT_PREFIX
        )],
        "only the changed secret is read again"
    );
    assert!(pane(&app).rows[1].secret().is_some(), "its value stays");

    // Not while a dialog is open, nor while the filter is typed.
    press(&mut app, KeyCode::Char('x'));
    assert!(app.update(Msg::AutoRefresh).is_empty());
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('/'));
    assert!(app.update(Msg::AutoRefresh).is_empty());
    press(&mut app, KeyCode::Enter);

    // `r` reads every value again.
    let (req, _) = list_req(&press(&mut app, KeyCode::Char('r')));
    let cmds = app.update(Msg::Idp(IdpMsg::Listed {
        req,
        result: Ok(relisted),
    }));
    let (_, names) = read_req(&cmds);
    assert!(names.contains(&erp_name()), "{names:?}");
}

#[test]
fn a_login_test_waits_for_the_stored_password_instead_of_sending_none() {
    let mut app = users_open(false);
    // The legacy row is selected and its value is still being read.
    press(&mut app, KeyCode::Down);
    let name = "SFTP/scanner".to_string();
    let req = reading(&app, &name);
    press(&mut app, KeyCode::Char('t'));
    assert!(press(&mut app, KeyCode::Enter).is_empty(), "nothing sent");
    let Some(IdpDialog::TestLogin { form }) = &pane(&app).dialog else {
        panic!("the form stays: {:?}", pane(&app).dialog);
    };
    assert!(form.has_errors(), "{form:?}");
    app.update(read_answer(
        req,
        vec![(
            name,
            Ok(value(r#"{"Password":"Scanner-Pass-7","Role":"r"}"#, "v1")),
        )],
    ));
    let cmds = press(&mut app, KeyCode::Enter);
    let [Cmd::Idp(IdpCmd::TestLogin { password, .. })] = cmds.as_slice() else {
        panic!("a test: {cmds:?}");
    };
    assert_eq!(
        password.as_ref().map(|p| p.0.as_str()),
        Some("Scanner-Pass-7")
    );
}

#[test]
fn a_throttled_secrets_listing_slows_the_automatic_refresh_down() {
    let mut app = users_open(false);
    app.auto_refresh = crate::app::AutoRefresh::every(30);
    let (req, _) = list_req(&app.update(Msg::AutoRefresh));
    app.update(Msg::Idp(IdpMsg::Listed {
        req,
        result: Err(AwsError::Throttled {
            action: "secretsmanager:ListSecrets".into(),
        }),
    }));
    assert_eq!(
        app.auto_refresh.interval(),
        Some(std::time::Duration::from_secs(60))
    );
    assert_eq!(pane(&app).rows.len(), 3, "the rows stay");
}

#[test]
fn sorting_by_value_puts_the_secrets_in_trouble_first() {
    let mut app = users_open(false);
    // edi-partner's value was denied, legacy-erp's is good, scanner's unread.
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('s'));
    }
    assert_eq!(pane(&app).list.sort, Some(IdpColumn::State));
    assert_eq!(shown_users(&app), ["edi-partner", "legacy-erp", "scanner"]);
    press(&mut app, KeyCode::Char('S'));
    assert_eq!(shown_users(&app), ["scanner", "legacy-erp", "edi-partner"]);
}

#[test]
fn a_value_that_is_not_json_can_be_repaired_in_the_editor() {
    let mut app = users_open(false);
    let broken = "Password=Scanner-Pass-7";
    press(&mut app, KeyCode::Down);
    let name = "SFTP/scanner".to_string();
    let req = reading(&app, &name);
    app.update(read_answer(
        req,
        vec![(name.clone(), Ok(value(broken, "v3")))],
    ));
    // The form cannot edit it, the editor can: with the text as stored.
    press(&mut app, KeyCode::Char('e'));
    assert!(pane(&app).dialog.is_none());
    let cmds = press(&mut app, KeyCode::Char('E'));
    let [
        Cmd::Terminal(TerminalCmd::EditSecret {
            req,
            read_version,
            text,
            ..
        }),
    ] = cmds.as_slice()
    else {
        panic!("the editor: {cmds:?}");
    };
    assert_eq!((text.0.as_str(), read_version.as_str()), (broken, "v3"));
    assert!(!format!("{cmds:?}").contains("Scanner-Pass-7"), "redacted");
    // Saved as JSON, guarded by the version it was read at.
    let repaired = LoginSecret::parse(&format!(
        r#"{{"Password":"Scanner-Pass-7","Role":"{ROLE}","HomeDirectory":"/acme-legacy-ftp/scans"}}"#
    ))
    .unwrap();
    let (_, verb, write) = write_cmd(&app.update(Msg::Idp(IdpMsg::EditedJson {
        req: *req,
        name: name.clone(),
        read_version: "v3".into(),
        result: Ok(Some(repaired.clone())),
    })));
    assert_eq!(verb, Verb::Edit);
    assert!(matches!(
        write,
        Write::Update { name: n, secret, read_version, .. }
            if n == name && secret == repaired && read_version == "v3"
    ));
}

/// The Doctor pane over LAMBDA, showing `findings`.
fn doctor_showing(findings: Vec<crate::doctor::Finding>) -> App {
    let mut app = listed(false);
    let cmds = press(&mut app, KeyCode::Char('d'));
    assert!(matches!(cmds.as_slice(), [Cmd::Doctor(_)]), "{cmds:?}");
    let Pane::Doctor(doctor) = app.stack.last_mut().expect("a pane") else {
        panic!("not the doctor");
    };
    let summary = crate::doctor::report::Summary {
        servers_checked: 1,
        errors: findings.len(),
        warnings: 0,
        info: 0,
        monthly_cost_usd: 0.0,
    };
    doctor.show(findings, summary);
    app
}

fn no_role_finding(user: &str) -> crate::doctor::Finding {
    use crate::doctor::rules_testing_estate;
    let name = SecretName::secret_name(LAMBDA, user, DEFAULT_PREFIX);
    let mut estate = rules_testing_estate();
    estate.servers[0].server.summary.id = LAMBDA.into();
    estate.all_server_ids = [LAMBDA.to_string()].into();
    estate.secrets = crate::doctor::Gathered::Read(vec![crate::doctor::SecretEvidence {
        parsed: SecretName::parse(&name, DEFAULT_PREFIX).expect("a user secret"),
        name: name.clone(),
        value: crate::doctor::Gathered::Read(
            crate::model::login_secret::LoginSecret::parse(
                r#"{"Password":"p","HomeDirectory":"/acme-legacy-ftp/in"}"#,
            )
            .expect("json"),
        ),
    }]);
    crate::doctor::diagnose(&estate)
        .into_iter()
        .find(|f| f.resource == name && f.title.contains("no Role"))
        .expect("the no-Role finding")
}

#[test]
fn f_on_a_user_secret_without_role_opens_the_user_s_edit_form_in_its_users_pane() {
    let mut app = doctor_showing(vec![no_role_finding("legacy-erp")]);
    let (req, filter) = list_req(&press(&mut app, KeyCode::Char('f')));
    assert!(matches!(filter, ListFilter::Server { server_id, .. } if server_id == LAMBDA));
    let cmds = app.update(Msg::Idp(IdpMsg::Listed {
        req,
        result: Ok(vec![
            entry(LAMBDA, "edi-partner"),
            entry(LAMBDA, "legacy-erp"),
        ]),
    }));
    assert_eq!(
        pane(&app).selected().map(UserRow::user),
        Some("legacy-erp"),
        "the finding's user is selected, not the first row"
    );
    assert!(pane(&app).dialog.is_none(), "the form waits for the value");
    let (req, names) = read_req(&cmds);
    assert!(names.contains(&erp_name()), "{names:?}");
    let no_role = r#"{"Password":"p","HomeDirectory":"/acme-legacy-ftp/in"}"#;
    app.update(read_answer(
        req,
        vec![(erp_name(), Ok(value(no_role, "v1")))],
    ));
    let Some(IdpDialog::User { edit, .. }) = &pane(&app).dialog else {
        panic!("the edit form is open: {:?}", pane(&app).dialog);
    };
    assert_eq!(edit.as_ref().map(|e| e.name.clone()), Some(erp_name()));
    assert_eq!(
        app.breadcrumbs(),
        ["Servers", &format!("Doctor {LAMBDA}"), "Users"]
    );
}

#[test]
fn enter_on_a_finding_opens_what_it_is_about() {
    use crate::doctor::{Finding, Severity};
    let server_finding = Finding::new("ports", Severity::Error, LAMBDA, "closed");
    let orphan = Finding::new(
        "orphan-secret",
        Severity::Warning,
        &SecretName::secret_name("s-99999999999999999", "old", DEFAULT_PREFIX),
        "orphan",
    );
    let mut app = doctor_showing(vec![server_finding, no_role_finding("legacy-erp"), orphan]);
    // The server's detail.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(matches!(app.pane(), Pane::ServerDetail(d) if d.server_id == LAMBDA));
    press(&mut app, KeyCode::Esc);
    // The user, selected in its server's users pane, no form.
    press(&mut app, KeyCode::Down);
    let (req, _) = list_req(&press(&mut app, KeyCode::Enter));
    app.update(Msg::Idp(IdpMsg::Listed {
        req,
        result: Ok(vec![
            entry(LAMBDA, "edi-partner"),
            entry(LAMBDA, "legacy-erp"),
        ]),
    }));
    assert_eq!(pane(&app).selected().map(UserRow::user), Some("legacy-erp"));
    assert!(pane(&app).dialog.is_none());
    press(&mut app, KeyCode::Esc);
    // The orphans view.
    press(&mut app, KeyCode::Down);
    let (_, filter) = list_req(&press(&mut app, KeyCode::Enter));
    assert!(matches!(filter, ListFilter::All { .. }), "{filter:?}");
    assert!(matches!(app.pane(), Pane::IdpUsers(p) if p.scope == Scope::Secrets && p.orphans_only));
}
