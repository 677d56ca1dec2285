//! The tags view's flows: a tag added, changed and removed, each checked
//! where typed, confirmed with `y`, audited; refused under `--read-only`.

use crossterm::event::{KeyCode, KeyEvent};

use super::{TagsCmd, TagsDialog, TagsMsg, TagsPane};
use crate::app::managed_users::Afterwards;
use crate::app::servers::{Detail, ServerRow};
use crate::app::{App, Cmd, Listing, Msg, Pane, RequestId, ServerCmd, ServerDetailPane};
use crate::model::tags::{Tag, TagChange};
use crate::model::{AwsError, AwsSettings, ServerState};

const SERVER: &str = "s-0123456789abcdef0";

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn pane(app: &App) -> &TagsPane {
    match app.pane() {
        Pane::Tags(pane) => pane,
        other => panic!("not on the tags view: {}", other.title()),
    }
}

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: key.into(),
        value: value.into(),
    }
}

/// `T` on the server's detail, with `tags` listed.
pub(crate) fn tags_app(read_only: bool, tags: Vec<Tag>) -> App {
    let mut app = App::new(AwsSettings::default(), read_only);
    app.servers.rows.push(ServerRow {
        summary: crate::app::tests::summary(SERVER, ServerState::Online),
        detail: Detail::Loading(RequestId(0)),
        describing: None,
        scope: None,
        account: None,
    });
    app.open(Pane::ServerDetail(Box::new(ServerDetailPane::new(
        SERVER.into(),
    ))));
    let cmds = press(&mut app, KeyCode::Char('T'));
    let [Cmd::Tags(TagsCmd::List { req, arn })] = cmds.as_slice() else {
        panic!("T lists the tags: {cmds:?}");
    };
    assert!(arn.ends_with(SERVER));
    let req = *req;
    app.update(Msg::Tags(TagsMsg::Listed {
        req,
        result: Ok(tags),
    }));
    assert_eq!(pane(&app).listing, Listing::Loaded);
    app
}

fn change_of(cmds: &[Cmd]) -> (RequestId, TagChange) {
    cmds.iter()
        .find_map(|cmd| match cmd {
            Cmd::Tags(TagsCmd::Change { req, change, .. }) => Some((*req, change.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no tag change in {cmds:?}"))
}

#[test]
fn a_tag_is_added_after_y_and_audited() {
    let mut app = tags_app(false, vec![tag("Name", "sftp")]);
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Team");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "ops");
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "the question first"
    );
    assert!(matches!(
        pane(&app).dialog,
        Some(TagsDialog::Confirm { .. })
    ));
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "Enter is not yes"
    );
    let cmds = press(&mut app, KeyCode::Char('y'));
    let (req, change) = change_of(&cmds);
    assert_eq!(
        change,
        TagChange::Set {
            key: "Team".into(),
            value: "ops".into(),
            before: None
        }
    );
    assert_eq!(app.writes_in_flight().len(), 1);
    let cmds = app.update(Msg::Tags(TagsMsg::Changed {
        req,
        server_id: SERVER.into(),
        change,
        result: Ok(()),
        afterwards: None,
    }));
    let audit = cmds
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::Server(ServerCmd::Audit { entry }) => Some(entry.clone()),
            _ => None,
        })
        .expect("audited");
    assert_eq!(
        (audit.field.as_str(), audit.after.as_str()),
        ("Tag", "Team=ops")
    );
    assert_eq!(audit.outcome, "ok");
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Tags(TagsCmd::List { .. })))
    );
    assert!(app.writes_in_flight().is_empty());
}

#[test]
fn a_value_is_changed_and_a_tag_removed() {
    let mut app = tags_app(false, vec![tag("Name", "sftp"), tag("Team", "ops")]);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('e'));
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "dev");
    press(&mut app, KeyCode::Enter);
    let (_, change) = change_of(&press(&mut app, KeyCode::Char('y')));
    assert_eq!(
        change,
        TagChange::Set {
            key: "Team".into(),
            value: "dev".into(),
            before: Some("ops".into())
        }
    );
    let mut app = tags_app(false, vec![tag("Name", "sftp"), tag("Team", "ops")]);
    press(&mut app, KeyCode::Char('x'));
    let (_, change) = change_of(&press(&mut app, KeyCode::Char('y')));
    assert_eq!(
        change,
        TagChange::Remove {
            key: "Name".into(),
            before: "sftp".into()
        }
    );
}

#[test]
fn bad_keys_and_values_are_refused_where_typed_and_nothing_is_sent() {
    let full: Vec<Tag> = (0..50).map(|n| tag(&format!("k{n:02}"), "v")).collect();
    for (tags, key, value, expected) in [
        (vec![], "aws:owner", "x", "reserved"),
        (vec![], "", "x", "needed"),
        (vec![], &"k".repeat(129) as &str, "x", "at most 128"),
        (vec![], "Team", &"v".repeat(257) as &str, "at most 256"),
        (vec![], "Te*am", "x", "not allowed"),
        (vec![], "Team", "a;b", "not allowed"),
        (full, "new", "x", "at most 50"),
    ] {
        let mut app = tags_app(false, tags);
        press(&mut app, KeyCode::Char('n'));
        type_text(&mut app, key);
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, value);
        assert!(press(&mut app, KeyCode::Enter).is_empty(), "{key}");
        let Some(TagsDialog::Edit(form)) = &pane(&app).dialog else {
            panic!("the form stays for {key:?}");
        };
        let errors: Vec<String> = form.fields.iter().filter_map(|f| f.error.clone()).collect();
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{key:?}: {errors:?}"
        );
        assert!(app.writes_in_flight().is_empty());
    }
}

#[test]
fn a_failed_change_says_what_the_tags_read_again_show() {
    let mut app = tags_app(false, vec![]);
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Team");
    press(&mut app, KeyCode::Enter);
    let (req, change) = change_of(&press(&mut app, KeyCode::Char('y')));
    let err = AwsError::Service {
        action: "transfer:TagResource".into(),
        code: "InternalServiceError".into(),
        message: "boom".into(),
    };
    let cmds = app.update(Msg::Tags(TagsMsg::Changed {
        req,
        server_id: SERVER.into(),
        change,
        result: Err(err),
        afterwards: Some(Afterwards::ChangedAnyway),
    }));
    let notice = app.notice.clone().expect("a notice");
    assert!(
        notice.text.contains("took effect although"),
        "{}",
        notice.text
    );
    assert!(cmds.iter().any(|c| matches!(c,
        Cmd::Server(ServerCmd::Audit { entry }) if entry.outcome.starts_with("changed anyway"))));
}

#[test]
fn read_only_refuses_every_change() {
    let mut app = tags_app(true, vec![tag("Name", "sftp")]);
    for key in ['n', 'e', 'x'] {
        assert!(press(&mut app, KeyCode::Char(key)).is_empty());
        assert!(pane(&app).dialog.is_none());
        let notice = app.notice.clone().expect("a notice");
        assert!(notice.text.starts_with("read-only:"), "{}", notice.text);
    }
}
