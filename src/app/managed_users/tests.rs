//! The users pane's flows: keys and answers in, commands and state out.

use crossterm::event::{KeyCode, KeyEvent};

use super::{ManagedUsersCmd, ManagedUsersMsg, UserChange, UsersDialog};
use crate::app::objects::Fetch;
use crate::app::tests::summary;
use crate::app::{App, Cmd, Msg, NoticeLevel, Pane, RequestId, ServerCmd};
use crate::model::login_secret::HomeMapping;
use crate::model::{AwsError, AwsSettings};
use crate::model::{
    IdentityProviderType, ServerState, SshKey, TransferUser, UserHome, UserSpec, UserSummary,
};

pub const SERVER: &str = "s-0123456789abcdef0";
pub const ROLE: &str = "arn:aws:iam::123456789012:role/transfer-partner-drop";
const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILrxoZOGrXCETBlfhWIyVXpVKUPoOPTds6MqCWuL7uvy op@bastion";

pub fn row(name: &str, home: &str, keys: i32) -> UserSummary {
    UserSummary {
        name: name.into(),
        role: Some(ROLE.into()),
        home_directory: Some(home.into()).filter(|h: &String| !h.is_empty()),
        home_directory_type: Some(if home.is_empty() { "LOGICAL" } else { "PATH" }.into()),
        ssh_key_count: Some(keys),
    }
}

pub fn key(id: &str, comment: &str) -> SshKey {
    let tail = &id[id.len().saturating_sub(4)..];
    SshKey {
        id: id.into(),
        body: format!("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKx0aGVrZXlkYXRh{tail} {comment}"),
        imported: Some("2026-11-20T08:15:00Z".into()),
    }
}

pub fn described(name: &str, home: &str, keys: Vec<SshKey>) -> TransferUser {
    let logical = home.is_empty();
    TransferUser {
        name: name.into(),
        arn: format!("arn:aws:transfer:ap-northeast-1:123456789012:user/{SERVER}/{name}"),
        role: Some(ROLE.into()),
        home_directory_type: Some(if logical { "LOGICAL" } else { "PATH" }.into()),
        home_directory: Some(home.into()).filter(|h: &String| !h.is_empty()),
        mappings: if logical {
            vec![
                HomeMapping {
                    entry: "/inbound".into(),
                    target: "/acme-partner-drop/partner-a/inbound".into(),
                },
                HomeMapping {
                    entry: "/reports".into(),
                    target: "/acme-reports/monthly".into(),
                },
            ]
        } else {
            Vec::new()
        },
        policy: None,
        posix_profile: None,
        ssh_keys: keys,
        tags: Vec::new(),
    }
}

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        assert!(press(app, KeyCode::Char(c)).is_empty());
    }
}

fn users_cmd(cmds: &[Cmd]) -> &ManagedUsersCmd {
    cmds.iter()
        .find_map(|cmd| match cmd {
            Cmd::ManagedUsers(cmd) => Some(cmd),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no users command in {cmds:?}"))
}

fn req_of(cmds: &[Cmd]) -> RequestId {
    match users_cmd(cmds) {
        ManagedUsersCmd::List { req, .. }
        | ManagedUsersCmd::Describe { req, .. }
        | ManagedUsersCmd::Change { req, .. } => *req,
    }
}

fn pane(app: &App) -> &super::ManagedUsersPane {
    match app.pane() {
        Pane::ManagedUsers(pane) => pane,
        _ => panic!("not on the users pane"),
    }
}

/// The users pane of SERVER with three users listed and `partner-a`
/// (PATH home, two keys) described.
pub fn users_app(read_only: bool) -> App {
    let mut app = App::new(AwsSettings::default(), read_only);
    let req = req_of(&app.open_managed_users(SERVER));
    let cmds = app.update(Msg::ManagedUsers(ManagedUsersMsg::Listed {
        req,
        result: Ok(vec![
            row("auditor", "", 1),
            row("partner-a", "/acme-partner-drop/partner-a", 2),
            row("partner-b", "/acme-partner-drop/partner-b", 0),
        ]),
    }));
    let first = req_of(&cmds);
    app.update(Msg::ManagedUsers(ManagedUsersMsg::Described {
        req: first,
        user: "auditor".into(),
        result: Ok(described(
            "auditor",
            "",
            vec![key("key-0a1b2c3d4e5f60718", "auditor@acme")],
        )),
    }));
    let cmds = press(&mut app, KeyCode::Down);
    let req = req_of(&cmds);
    app.update(Msg::ManagedUsers(ManagedUsersMsg::Described {
        req,
        user: "partner-a".into(),
        result: Ok(described(
            "partner-a",
            "/acme-partner-drop/partner-a",
            vec![
                key("key-11111111111111111", "partner-a@laptop"),
                key("key-22222222222222222", "partner-a@ci"),
            ],
        )),
    }));
    app
}

fn change_of(cmds: &[Cmd]) -> (RequestId, UserChange) {
    match users_cmd(cmds) {
        ManagedUsersCmd::Change { req, change, .. } => (*req, change.clone()),
        other => panic!("not a change: {other:?}"),
    }
}

fn audit_of(cmds: &[Cmd]) -> crate::model::audit::AuditEntry {
    cmds.iter()
        .find_map(|cmd| match cmd {
            Cmd::Server(ServerCmd::Audit { entry }) => Some(entry.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no audit entry in {cmds:?}"))
}

fn answer(
    app: &mut App,
    req: RequestId,
    change: UserChange,
    result: Result<Option<String>, AwsError>,
) -> Vec<Cmd> {
    app.update(Msg::ManagedUsers(ManagedUsersMsg::Changed {
        req,
        server_id: SERVER.into(),
        change,
        result,
        afterwards: None,
    }))
}

#[test]
fn u_opens_the_users_of_a_service_managed_server_only() {
    let mut app = App::new(AwsSettings::default(), false);
    let list = app.start();
    let req = list
        .iter()
        .find_map(|c| match c {
            Cmd::ListServers { req } => Some(*req),
            _ => None,
        })
        .expect("ListServers");
    let mut managed = summary(SERVER, ServerState::Online);
    managed.identity_provider_type = IdentityProviderType::ServiceManaged;
    app.update(Msg::ServersListed {
        req,
        result: Ok(vec![
            summary("s-0123456789abcdef1", ServerState::Online),
            managed,
        ]),
    });
    // A custom identity provider's users are secrets: not this pane.
    press(&mut app, KeyCode::Char('u'));
    assert!(matches!(app.pane(), Pane::IdpUsers(_)));
    press(&mut app, KeyCode::Esc);

    press(&mut app, KeyCode::Down);
    let cmds = press(&mut app, KeyCode::Char('u'));
    assert!(
        matches!(users_cmd(&cmds), ManagedUsersCmd::List { server_id, .. } if server_id == SERVER)
    );
    assert_eq!(app.breadcrumbs(), ["Servers", "Users"]);
}

#[test]
fn the_selected_row_is_described_once_and_answers_for_other_rows_are_kept_apart() {
    let mut app = users_app(false);
    assert!(
        matches!(pane(&app).selected_detail(), Some(Fetch::Loaded(u)) if u.name == "partner-a")
    );
    // Back up: auditor is described already, no second call.
    assert!(press(&mut app, KeyCode::Up).is_empty());
    // Enter reads it again.
    let cmds = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(users_cmd(&cmds), ManagedUsersCmd::Describe { user, .. } if user == "auditor")
    );
    // A stale answer (an older request id) is dropped.
    app.update(Msg::ManagedUsers(ManagedUsersMsg::Described {
        req: RequestId(1),
        user: "auditor".into(),
        result: Err(AwsError::Throttled {
            action: "transfer:DescribeUser".into(),
        }),
    }));
    assert!(matches!(
        pane(&app).selected_detail(),
        Some(Fetch::Loading(_))
    ));
}

#[test]
fn a_new_user_is_created_from_a_checked_form_and_selected_afterwards() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "new.partner");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, ROLE);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "/acme-partner-drop/new");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, KEY);
    let cmds = press(&mut app, KeyCode::Enter);
    let (req, change) = change_of(&cmds);
    let spec = UserSpec {
        name: "new.partner".into(),
        role: ROLE.into(),
        home: UserHome::Path("/acme-partner-drop/new".into()),
        policy: None,
        ssh_key: Some(KEY.into()),
    };
    assert_eq!(change, UserChange::Create(spec));
    assert!(pane(&app).dialog.is_none());
    assert_eq!(app.loading().as_deref(), Some("creating user new.partner"));

    let cmds = answer(&mut app, req, change, Ok(None));
    let audit = audit_of(&cmds);
    assert_eq!(audit.field, "User");
    assert_eq!(audit.server, SERVER);
    assert_eq!(audit.outcome, "ok");
    assert!(
        audit.after.starts_with("new.partner: role "),
        "{}",
        audit.after
    );
    let list = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::ManagedUsers(ManagedUsersCmd::List { req, .. }) => Some(*req),
            _ => None,
        })
        .expect("the list is read again");
    let cmds = app.update(Msg::ManagedUsers(ManagedUsersMsg::Listed {
        req: list,
        result: Ok(vec![
            row("auditor", "", 1),
            row("new.partner", "/acme-partner-drop/new", 1),
            row("partner-a", "/acme-partner-drop/partner-a", 2),
        ]),
    }));
    assert_eq!(
        pane(&app).selected().map(|r| r.name.as_str()),
        Some("new.partner")
    );
    assert!(
        matches!(users_cmd(&cmds), ManagedUsersCmd::Describe { user, .. } if user == "new.partner")
    );
}

#[test]
fn bad_input_is_refused_at_the_fields_and_nothing_is_sent() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('n'));
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let Some(UsersDialog::Create(form)) = &pane(&app).dialog else {
        panic!("the form stays open");
    };
    let errors: Vec<_> = form.fields.iter().map(|f| f.error.is_some()).collect();
    assert_eq!(errors, [true, true, true, false, false]);
    assert_eq!(form.focus, 0, "the focus goes to the first error");

    type_text(&mut app, "ab");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "arn:aws:iam::123:role/x");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "/in=bucket");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "ssh-ed25519 short");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "{}");
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let Some(UsersDialog::Create(form)) = &pane(&app).dialog else {
        panic!("the form stays open");
    };
    assert!(form.fields.iter().all(|f| f.error.is_some()), "{form:?}");

    // A bad key in the import form is refused the same way.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "ssh-rsa AAAA");
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(
        matches!(&pane(&app).dialog, Some(UsersDialog::ImportKey { form, .. }) if form.has_errors())
    );
}

#[test]
fn an_edit_sends_role_home_and_policy_and_audits_before_and_after() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('e'));
    let Some(UsersDialog::Edit { form, .. }) = &pane(&app).dialog else {
        panic!("no edit form");
    };
    assert_eq!(form.value(0), ROLE);
    assert_eq!(form.value(1), "/acme-partner-drop/partner-a");
    press(&mut app, KeyCode::Tab);
    for _ in 0.."/acme-partner-drop/partner-a".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "/=/acme-partner-drop/moved");
    let cmds = press(&mut app, KeyCode::Enter);
    let (req, change) = change_of(&cmds);
    let UserChange::Update { spec, before } = &change else {
        panic!("not an update: {change:?}");
    };
    assert_eq!(
        spec.home,
        UserHome::Logical(vec![HomeMapping {
            entry: "/".into(),
            target: "/acme-partner-drop/moved".into()
        }])
    );
    assert_eq!(spec.name, "partner-a");
    assert!(before.contains("home /acme-partner-drop/partner-a"));
    let audit = audit_of(&answer(&mut app, req, change, Ok(None)));
    assert_eq!(
        audit.before.as_deref(),
        Some(format!("partner-a: role {ROLE}; home /acme-partner-drop/partner-a").as_str())
    );
    assert!(audit.after.ends_with("home /=/acme-partner-drop/moved"));
}

#[test]
fn an_edit_that_changes_nothing_sends_nothing() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('e'));
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(pane(&app).dialog.is_none());
    assert!(matches!(&app.notice, Some(n) if n.text.contains("nothing sent")));
}

#[test]
fn a_refused_change_brings_the_form_back_with_aws_reason() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, KEY);
    let (req, change) = change_of(&press(&mut app, KeyCode::Enter));
    let cmds = answer(
        &mut app,
        req,
        change,
        Err(AwsError::AccessDenied {
            action: "transfer:ImportSshPublicKey".into(),
            message: String::new(),
        }),
    );
    let audit = audit_of(&cmds);
    assert!(audit.outcome.starts_with("failed: "), "{}", audit.outcome);
    assert!(
        cmds.iter().all(|c| !matches!(c, Cmd::ManagedUsers(_))),
        "nothing read again"
    );
    let Some(UsersDialog::ImportKey { form, .. }) = &pane(&app).dialog else {
        panic!("the form is back");
    };
    assert_eq!(form.value(0), KEY);
    assert!(
        form.error
            .as_deref()
            .is_some_and(|e| e.contains("transfer:ImportSshPublicKey"))
    );
    assert!(matches!(&app.notice, Some(n) if n.level == NoticeLevel::Error));
}

#[test]
fn an_imported_key_is_reported_with_its_id() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, KEY);
    let (req, change) = change_of(&press(&mut app, KeyCode::Enter));
    assert_eq!(
        change,
        UserChange::ImportKey {
            user: "partner-a".into(),
            body: KEY.into()
        }
    );
    let cmds = answer(
        &mut app,
        req,
        change,
        Ok(Some("key-0123456789abcdef0".into())),
    );
    assert!(
        audit_of(&cmds)
            .after
            .starts_with("partner-a: key-0123456789abcdef0 ssh-ed25519")
    );
    assert!(matches!(&app.notice, Some(n) if n.text.contains("key-0123456789abcdef0")));
    // The detail is read again after the list.
    assert!(pane(&app).selected_detail().is_none());
}

#[test]
fn deleting_a_key_picks_one_and_names_it_in_the_question() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('K'));
    assert!(matches!(&pane(&app).dialog, Some(UsersDialog::Pick(pick)) if pick.options.len() == 2));
    press(&mut app, KeyCode::Down);
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let Some(UsersDialog::Confirm { confirm, .. }) = &pane(&app).dialog else {
        panic!("no question");
    };
    let text = confirm.lines.join("\n");
    assert!(
        text.contains("key-22222222222222222") && text.contains("partner-a@ci"),
        "{text}"
    );
    // The Enter that picked the key is not also the yes.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let (_, change) = change_of(&press(&mut app, KeyCode::Char('y')));
    assert!(
        matches!(change, UserChange::DeleteKey { key_id, .. } if key_id == "key-22222222222222222")
    );

    // A user with one key goes straight to the question; without keys, a note.
    let mut app = users_app(false);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char('K'));
    assert!(matches!(
        &pane(&app).dialog,
        Some(UsersDialog::Confirm { .. })
    ));
    assert!(press(&mut app, KeyCode::Char('n')).is_empty());
    assert!(pane(&app).dialog.is_none());
}

#[test]
fn deleting_a_user_needs_its_name_typed() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('x'));
    assert!(press(&mut app, KeyCode::Char('y')).is_empty());
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "y is not the name"
    );
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "partner-a");
    let (req, change) = change_of(&press(&mut app, KeyCode::Enter));
    assert_eq!(
        change,
        UserChange::Delete {
            user: "partner-a".into()
        }
    );
    // While it runs, a second change waits.
    assert!(press(&mut app, KeyCode::Char('n')).is_empty());
    assert!(pane(&app).dialog.is_none());
    let audit = audit_of(&answer(&mut app, req, change, Ok(None)));
    assert_eq!(
        (audit.before.as_deref(), audit.after.as_str()),
        (Some("partner-a"), "(deleted)")
    );
}

#[test]
fn read_only_refuses_every_change_where_the_key_is_pressed() {
    let mut app = users_app(true);
    for key in ['n', 'e', 'a', 'K', 'x'] {
        app.notice = None;
        assert!(press(&mut app, KeyCode::Char(key)).is_empty(), "{key}");
        assert!(pane(&app).dialog.is_none(), "{key}");
        assert!(
            matches!(&app.notice, Some(n) if n.text.starts_with("read-only")),
            "{key}"
        );
    }
    // Reading and browsing still work.
    assert!(!press(&mut app, KeyCode::Enter).is_empty());
}

#[test]
fn a_change_is_audited_even_after_its_pane_was_closed() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('x'));
    type_text(&mut app, "partner-a");
    let (req, change) = change_of(&press(&mut app, KeyCode::Enter));
    app.back();
    let cmds = answer(&mut app, req, change, Ok(None));
    assert_eq!(audit_of(&cmds).outcome, "ok");
    assert_eq!(cmds.len(), 1, "nothing else to read: {cmds:?}");
}

#[test]
fn o_opens_the_home_and_lets_a_logical_user_pick_an_entry() {
    let mut app = users_app(false);
    let cmds = press(&mut app, KeyCode::Char('o'));
    let Pane::Objects(objects) = app.pane() else {
        panic!("not in the browser");
    };
    assert_eq!(
        (objects.bucket.as_str(), objects.prefix.as_str()),
        ("acme-partner-drop", "partner-a/")
    );
    assert!(!cmds.is_empty(), "the first page is asked for");

    let mut app = users_app(false);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char('o'));
    assert!(
        matches!(&pane(&app).dialog, Some(UsersDialog::Pick(pick)) if pick.options[1].contains("s3://acme-reports/monthly/"))
    );
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let Pane::Objects(objects) = app.pane() else {
        panic!("not in the browser");
    };
    assert_eq!(objects.bucket, "acme-reports");
    assert_eq!(objects.title(), "/reports");
}

#[test]
fn a_failed_refresh_keeps_the_rows_and_a_second_r_coalesces() {
    let mut app = users_app(false);
    let cmds = press(&mut app, KeyCode::Char('r'));
    let req = req_of(&cmds);
    assert!(
        press(&mut app, KeyCode::Char('r')).is_empty(),
        "one listing at a time"
    );
    app.update(Msg::ManagedUsers(ManagedUsersMsg::Listed {
        req,
        result: Err(AwsError::AccessDenied {
            action: "transfer:ListUsers".into(),
            message: String::new(),
        }),
    }));
    let pane = pane(&app);
    assert_eq!(pane.rows.len(), 3);
    assert_eq!(pane.selected().map(|r| r.name.as_str()), Some("partner-a"));
    assert!(
        matches!(&pane.listing, crate::app::Listing::Failed(AwsError::AccessDenied { action, .. }) if action == "transfer:ListUsers")
    );
}

#[test]
fn slash_filters_the_users_and_a_refresh_keeps_filter_and_selection() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('/'));
    // partner-b is selected as the filter narrows, and described.
    let cmds: Vec<Cmd> = "ptb"
        .chars()
        .flat_map(|c| press(&mut app, KeyCode::Char(c)))
        .collect();
    assert!(
        matches!(users_cmd(&cmds), ManagedUsersCmd::Describe { user, .. } if user == "partner-b")
    );
    let names: Vec<_> = pane(&app).shown().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["partner-b"]);
    assert_eq!(
        pane(&app).selected().map(|r| r.name.as_str()),
        Some("partner-b")
    );
    // `n` is typed into the filter, not taken as "new user".
    press(&mut app, KeyCode::Char('n'));
    assert!(pane(&app).dialog.is_none());
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Enter);
    let req = req_of(&press(&mut app, KeyCode::Char('r')));
    app.update(Msg::ManagedUsers(ManagedUsersMsg::Listed {
        req,
        result: Ok(vec![
            row("partner-c", "/acme-partner-drop/partner-c", 0),
            row("partner-b", "/acme-partner-drop/partner-b", 0),
            row("auditor", "", 1),
        ]),
    }));
    assert_eq!(pane(&app).list.filter.text, "ptb");
    assert_eq!(
        pane(&app).selected().map(|r| r.name.as_str()),
        Some("partner-b")
    );
    // Esc clears the filter first, then goes back.
    press(&mut app, KeyCode::Esc);
    assert_eq!(pane(&app).list.len(), 3);
    assert_eq!(
        pane(&app).selected().map(|r| r.name.as_str()),
        Some("partner-b")
    );
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.pane(), Pane::Servers));
}

#[test]
fn s_sorts_the_users_by_each_column_and_capital_s_reverses() {
    let mut app = users_app(false);
    let names = |app: &App| -> Vec<String> { pane(app).shown().map(|r| r.name.clone()).collect() };
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(names(&app), ["auditor", "partner-a", "partner-b"]);
    press(&mut app, KeyCode::Char('S'));
    assert_eq!(names(&app), ["partner-b", "partner-a", "auditor"]);
    assert_eq!(
        pane(&app).selected().map(|r| r.name.as_str()),
        Some("partner-a")
    );
    press(&mut app, KeyCode::Char('s')); // home
    press(&mut app, KeyCode::Char('s')); // role
    press(&mut app, KeyCode::Char('s')); // keys
    assert_eq!(names(&app), ["partner-b", "auditor", "partner-a"]);
    assert_eq!(
        pane(&app).selected().map(|r| r.name.as_str()),
        Some("partner-a")
    );
}

#[test]
fn t_says_why_a_service_managed_login_cannot_be_tested_and_sends_nothing() {
    let mut app = users_app(false);
    assert!(press(&mut app, KeyCode::Char('t')).is_empty());
    let notice = app.notice.clone().expect("notice").text;
    assert!(
        notice.contains("only for custom identity providers"),
        "{notice}"
    );
}

#[test]
fn the_automatic_refresh_describes_again_only_users_whose_row_changed() {
    let mut app = users_app(false);
    let req = req_of(&app.update(Msg::AutoRefresh));
    let cmds = app.update(Msg::ManagedUsers(ManagedUsersMsg::Listed {
        req,
        result: Ok(vec![
            row("auditor", "", 2), // a key added behind the console's back
            row("partner-a", "/acme-partner-drop/partner-a", 2),
            row("partner-b", "/acme-partner-drop/partner-b", 0),
        ]),
    }));
    assert!(cmds.is_empty(), "partner-a is described already: {cmds:?}");
    assert!(pane(&app).selected_user().is_some(), "its detail stays");
    assert!(!pane(&app).details.contains_key("auditor"), "changed");
    let cmds = press(&mut app, KeyCode::Up);
    assert!(matches!(
        users_cmd(&cmds),
        ManagedUsersCmd::Describe { user, .. } if user == "auditor"
    ));

    // Not while a form is open.
    press(&mut app, KeyCode::Char('n'));
    assert!(pane(&app).dialog.is_some());
    assert!(app.update(Msg::AutoRefresh).is_empty());
}

#[test]
fn a_key_the_user_already_has_is_said_to_be_there_not_imported() {
    let mut app = users_app(false);
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, KEY);
    let (req, change) = change_of(&press(&mut app, KeyCode::Enter));
    // Reading the user again finds the key: it was there before.
    let cmds = app.update(Msg::ManagedUsers(ManagedUsersMsg::Changed {
        req,
        server_id: SERVER.into(),
        change,
        result: Err(AwsError::Service {
            action: "transfer:ImportSshPublicKey".into(),
            code: "ResourceExistsException".into(),
            message: "Key already exists".into(),
        }),
        afterwards: Some(super::Afterwards::ChangedAnyway),
    }));
    let notice = app.notice.clone().expect("a notice");
    assert_eq!(
        notice.text,
        "that SSH key is already there for partner-a: nothing imported"
    );
    assert!(!notice.text.contains("took effect"));
    assert!(audit_of(&cmds).outcome.contains("already there"));
    assert!(pane(&app).pending.is_none());
}
