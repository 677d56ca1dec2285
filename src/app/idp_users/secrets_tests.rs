//! The `:secrets` list: every login secret under the prefix, whose server
//! it serves, the orphans narrowed by `O`, and Enter into the users pane.

use crossterm::event::KeyCode;

use super::tests::{LAMBDA, MANAGED, TWIN, entry, listed, pane, press, type_text};
use super::*;
use crate::app::{App, Cmd, Msg, Pane};
use crate::model::login_secret::{DEFAULT_PREFIX, SecretName};

const GONE: &str = "s-0000000000000dead";

fn command(app: &mut App, line: &str) -> Vec<Cmd> {
    press(app, KeyCode::Char(':'));
    type_text(app, line);
    press(app, KeyCode::Enter)
}

/// `:secrets` answered with logins of two listed servers, one of a server
/// gone, one pending deletion, a legacy `SFTP/` one and a server's PGP
/// key (not a login).
fn secrets_listed() -> App {
    let mut app = listed(false);
    let cmds = command(&mut app, "secrets");
    let [Cmd::Idp(IdpCmd::List { req, filter })] = cmds.as_slice() else {
        panic!("one ListSecrets sweep: {cmds:?}");
    };
    assert_eq!(
        filter,
        &ListFilter::All {
            prefix: DEFAULT_PREFIX.into()
        }
    );
    let mut deleted = entry(TWIN, "former");
    deleted.deleted = Some("2026-11-20T09:30:00Z".into());
    let mut legacy = entry(LAMBDA, "x");
    legacy.name = "SFTP/scanner".into();
    legacy.parsed = SecretName::parse("SFTP/scanner", DEFAULT_PREFIX);
    let mut pgp = entry(LAMBDA, "x");
    pgp.name = format!("{DEFAULT_PREFIX}{LAMBDA}/@pgp-default");
    pgp.parsed = None;
    let cmds = app.update(Msg::Idp(IdpMsg::Listed {
        req: *req,
        result: Ok(vec![
            entry(LAMBDA, "legacy-erp"),
            deleted,
            entry(GONE, "olduser"),
            legacy,
            pgp,
            entry(MANAGED, "stray"),
        ]),
    }));
    assert!(cmds.is_empty(), "the list reads no value");
    app
}

fn shown(app: &App) -> Vec<String> {
    pane(app)
        .shown()
        .map(|row| row.user().to_string())
        .collect()
}

#[test]
fn secrets_lists_every_login_secret_with_its_server() {
    let app = secrets_listed();
    assert_eq!(pane(&app).scope, Scope::Secrets);
    assert_eq!(
        shown(&app),
        ["legacy-erp", "former", "olduser", "scanner", "stray"],
        "every login across servers, the PGP key left out"
    );
    let owners: Vec<_> = pane(&app).shown().map(|row| row.owner.clone()).collect();
    assert_eq!(
        owners[0],
        Some(Owner::Listed {
            server_id: LAMBDA.into(),
            name: Some("ftp-legacy".into()),
            state: crate::model::ServerState::Online,
        })
    );
    assert_eq!(
        owners[2],
        Some(Owner::Gone {
            server_id: GONE.into()
        })
    );
    assert_eq!(owners[3], Some(Owner::Any));
}

#[test]
fn orphans_and_pending_deletions_sort_to_the_top_and_o_narrows_to_orphans() {
    let mut app = secrets_listed();
    // s steps SECRET, SERVER, USER, LAST CHANGED, SCHEDULED DELETION.
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(pane(&app).list.sort, Some(IdpColumn::Server));
    assert_eq!(shown(&app)[0], "olduser", "a gone server sorts first");
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('s'));
    }
    assert_eq!(pane(&app).list.sort, Some(IdpColumn::State));
    assert_eq!(&shown(&app)[..2], ["olduser", "former"]);

    press(&mut app, KeyCode::Char('O'));
    assert_eq!(shown(&app), ["olduser"]);
    assert_eq!(pane(&app).title(), "Orphaned secrets");
    press(&mut app, KeyCode::Char('O'));
    assert_eq!(shown(&app).len(), 5);

    // `/` finds a secret by its user.
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "stray");
    press(&mut app, KeyCode::Enter);
    assert_eq!(shown(&app), ["stray"]);
}

#[test]
fn the_orphan_actions_stay_delete_with_a_recovery_window_and_restore() {
    let mut app = secrets_listed();
    press(&mut app, KeyCode::Char('O'));
    press(&mut app, KeyCode::Char('x'));
    type_text(&mut app, "olduser");
    let cmds = press(&mut app, KeyCode::Enter);
    let [Cmd::Idp(IdpCmd::Write { write, .. })] = cmds.as_slice() else {
        panic!("{cmds:?}");
    };
    assert!(matches!(
        write,
        Write::Delete { name, recovery_days: 7 } if name.ends_with("/olduser")
    ));
}

#[test]
fn enter_opens_the_user_in_its_servers_users_pane() {
    let mut app = secrets_listed();
    let cmds = press(&mut app, KeyCode::Enter);
    let [Cmd::Idp(IdpCmd::List { req, filter })] = cmds.as_slice() else {
        panic!("the users of legacy-erp's server are listed: {cmds:?}");
    };
    assert_eq!(
        filter,
        &ListFilter::Server {
            prefix: DEFAULT_PREFIX.into(),
            server_id: LAMBDA.into()
        }
    );
    assert_eq!(app.stack.len(), 3, "on top of the secrets list");
    app.update(Msg::Idp(IdpMsg::Listed {
        req: *req,
        result: Ok(vec![
            entry(LAMBDA, "edi-partner"),
            entry(LAMBDA, "legacy-erp"),
        ]),
    }));
    assert_eq!(pane(&app).server_id(), Some(LAMBDA));
    assert_eq!(
        pane(&app).selected().map(UserRow::user),
        Some("legacy-erp"),
        "the user Enter was pressed on is selected"
    );
}

#[test]
fn enter_on_a_secret_of_a_gone_server_says_so_and_opens_nothing() {
    let mut app = secrets_listed();
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert_eq!(pane(&app).selected().map(UserRow::user), Some("olduser"));
    let cmds = press(&mut app, KeyCode::Enter);
    assert!(cmds.is_empty());
    assert!(matches!(app.pane(), Pane::IdpUsers(p) if p.scope == Scope::Secrets));
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains(&format!("{GONE} no longer exists")))
    );
}

#[test]
fn a_servers_users_list_sorts_only_by_the_columns_it_shows() {
    let mut app = listed(false);
    let cmds = app.open_users(LAMBDA);
    let [Cmd::Idp(IdpCmd::List { req, .. })] = cmds.as_slice() else {
        panic!("{cmds:?}");
    };
    app.update(Msg::Idp(IdpMsg::Listed {
        req: *req,
        result: Ok(vec![entry(LAMBDA, "a")]),
    }));
    let mut seen = Vec::new();
    for _ in 0..4 {
        press(&mut app, KeyCode::Char('s'));
        seen.push(pane(&app).list.sort);
    }
    assert_eq!(
        seen,
        [
            Some(IdpColumn::Name),
            Some(IdpColumn::LastChanged),
            Some(IdpColumn::State),
            Some(IdpColumn::Name)
        ]
    );
}
