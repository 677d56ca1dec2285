//! Flow tests of the command line, the servers list's filter and order,
//! the region and profile switch, copying and the automatic refresh.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};

use super::tests::{server, summary};
use super::*;
use crate::model::{IdentityProviderType, Protocol, ServerState};

const A: &str = "s-0000000000000000a";
const B: &str = "s-0000000000000000b";
const C: &str = "s-0000000000000000c";

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

fn type_text(app: &mut App, text: &str) -> Vec<Cmd> {
    text.chars()
        .flat_map(|c| press(app, KeyCode::Char(c)))
        .collect()
}

/// Types `:line` and Enter.
fn command(app: &mut App, line: &str) -> Vec<Cmd> {
    press(app, KeyCode::Char(':'));
    type_text(app, line);
    press(app, KeyCode::Enter)
}

fn list_req(cmds: &[Cmd]) -> RequestId {
    cmds.iter()
        .find_map(|cmd| match cmd {
            Cmd::ListServers { req } => Some(*req),
            _ => None,
        })
        .expect("a ListServers command")
}

/// The DescribeServer calls a listing of `ids` asks for.
fn listed(app: &mut App, req: RequestId, ids: &[&str]) -> Vec<Cmd> {
    let mut cmds = app.update(Msg::ServersListed {
        req,
        result: Ok(ids
            .iter()
            .map(|id| summary(id, ServerState::Online))
            .collect()),
    });
    cmds.retain(|cmd| !matches!(cmd, Cmd::CountSecretUsers { .. }));
    cmds
}

/// Three servers listed B, C, A; A is SERVICE_MANAGED; names described.
fn app_with_servers() -> App {
    let mut app = App::new(
        AwsSettings {
            profile: Some("ops".into()),
            region: Some("ap-northeast-1".into()),
            endpoint_url: None,
            ..Default::default()
        },
        false,
    );
    app.profiles = vec!["ops".into(), "prod".into()];
    let req = list_req(&app.start());
    let mut summaries: Vec<_> = [B, C, A]
        .iter()
        .map(|id| summary(id, ServerState::Online))
        .collect();
    summaries[2].identity_provider_type = IdentityProviderType::ServiceManaged;
    let describes = app.update(Msg::ServersListed {
        req,
        result: Ok(summaries.clone()),
    });
    for (cmd, name) in describes
        .iter()
        .zip(["beta-ftp", "gamma-sftp", "alpha-sftp"])
    {
        let Cmd::DescribeServer { req, server_id } = cmd else {
            panic!("unexpected {cmd:?}");
        };
        let mut described = server(server_id, name, &[Protocol::Sftp]);
        if let Some(listed) = summaries.iter().find(|s| &s.id == server_id) {
            described.summary = listed.clone();
        }
        app.update(Msg::ServerDescribed {
            req: *req,
            server_id: server_id.clone(),
            result: Ok(Box::new(described)),
        });
    }
    app
}

fn shown(app: &App) -> Vec<&str> {
    app.servers
        .shown()
        .map(|row| row.summary.id.as_str())
        .collect()
}

fn selected(app: &App) -> Option<&str> {
    app.servers.selected().map(|row| row.summary.id.as_str())
}

#[test]
fn colon_opens_the_command_line_and_tab_completes() {
    let mut app = app_with_servers();
    press(&mut app, KeyCode::Char(':'));
    let line = app.command_line.as_ref().expect("the command line");
    assert_eq!(line.candidates.len(), command_line::COMMANDS.len());
    type_text(&mut app, "re");
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        app.command_line.as_ref().map(|l| l.input.value()),
        Some("region ")
    );
    type_text(&mut app, "eu-west-");
    let line = app.command_line.as_ref().expect("still open");
    assert_eq!(
        line.candidates,
        ["region eu-west-1", "region eu-west-2", "region eu-west-3"]
    );
    // Keys go to the line, not to the panes: `q` does not quit.
    type_text(&mut app, "q");
    assert!(!app.should_quit);
    press(&mut app, KeyCode::Esc);
    assert!(app.command_line.is_none());
    assert!(matches!(app.pane(), Pane::Servers));
}

#[test]
fn an_unknown_command_is_said_in_the_line_and_nothing_happens() {
    let mut app = app_with_servers();
    let cmds = command(&mut app, "serverz");
    assert!(cmds.is_empty());
    let line = app.command_line.as_ref().expect("the line stays open");
    assert_eq!(line.input.value(), "serverz");
    assert!(
        line.error
            .as_deref()
            .is_some_and(|e| e.contains("unknown command"))
    );
    // Typing again clears the error.
    press(&mut app, KeyCode::Backspace);
    assert!(app.command_line.as_ref().is_some_and(|l| l.error.is_none()));
    let cmds = command(&mut app, "region tokyo");
    assert!(cmds.is_empty());
    assert_eq!(app.settings.region.as_deref(), Some("ap-northeast-1"));
}

#[test]
fn commands_move_between_panes() {
    let mut app = app_with_servers();
    let cmds = command(&mut app, "objects");
    assert!(matches!(app.pane(), Pane::Buckets(_)));
    assert!(matches!(
        cmds.as_slice(),
        [Cmd::Objects(objects::ObjectsCmd::ListBuckets { .. })]
    ));
    command(&mut app, "servers");
    assert_eq!(app.stack.len(), 1);
    let cmds = command(&mut app, "doctor");
    assert!(matches!(app.pane(), Pane::Doctor(doctor) if doctor.scope.is_none()));
    assert!(matches!(cmds.as_slice(), [Cmd::Doctor(_)]));
    command(&mut app, "servers");
    let cmds = command(&mut app, "secrets");
    assert!(
        matches!(app.pane(), Pane::IdpUsers(pane) if pane.scope == idp_users::Scope::Secrets),
        "the list of every login secret"
    );
    assert!(!cmds.is_empty());
    command(&mut app, "servers");
    command(&mut app, "quit");
    assert!(app.should_quit);
}

#[test]
fn a_view_command_replaces_the_panes_above_the_servers_list() {
    let mut app = app_with_servers();
    command(&mut app, "objects");
    command(&mut app, "doctor");
    assert_eq!(
        app.breadcrumbs(),
        ["Servers", "Doctor"],
        "not on the buckets"
    );
    command(&mut app, "secrets");
    assert_eq!(app.stack.len(), 2);
    assert!(matches!(app.pane(), Pane::IdpUsers(_)));
    // From a server's detail, :users opens that server's users in its place.
    command(&mut app, "servers");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.pane(), Pane::ServerDetail(_)));
    command(&mut app, "users");
    assert_eq!(app.stack.len(), 2);
    assert!(matches!(app.pane(), Pane::IdpUsers(_)));
    press(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.pane(), Pane::Servers),
        "Esc leads back to the servers"
    );
    // The region's endpoints list replaces a server's detail too.
    press(&mut app, KeyCode::Enter);
    command(&mut app, "endpoints");
    assert_eq!(app.stack.len(), 2);
    assert!(matches!(app.pane(), Pane::Endpoints(_)));
}

#[test]
fn users_goes_through_the_same_dispatch_as_the_u_key() {
    let mut app = app_with_servers();
    // B (AWS_LAMBDA) is selected: its users live in Secrets Manager.
    assert_eq!(selected(&app), Some(B));
    let by_command = without_request_ids(&command(&mut app, "users"));
    let pane_by_command = (app.breadcrumbs(), format!("{:?}", app.pane()));
    assert!(matches!(app.pane(), Pane::IdpUsers(_)));
    command(&mut app, "servers");
    let by_key = without_request_ids(&press(&mut app, KeyCode::Char('u')));
    assert!(matches!(app.pane(), Pane::IdpUsers(_)));
    assert!(by_command.contains(B), "{by_command}");
    assert_eq!(by_command, by_key);
    assert_eq!(
        pane_by_command.0,
        app.breadcrumbs(),
        "the same pane over the same stack"
    );
    assert_eq!(
        without_request_ids_in(&pane_by_command.1),
        without_request_ids_in(&format!("{:?}", app.pane()))
    );

    // A (SERVICE_MANAGED): Transfer's own users, by either way.
    command(&mut app, "servers");
    press(&mut app, KeyCode::End);
    assert_eq!(selected(&app), Some(A));
    let by_command = without_request_ids(&command(&mut app, "users"));
    assert!(matches!(app.pane(), Pane::ManagedUsers(_)));
    command(&mut app, "servers");
    let by_key = without_request_ids(&press(&mut app, KeyCode::Char('u')));
    assert!(matches!(app.pane(), Pane::ManagedUsers(_)));
    assert!(by_command.contains(A), "{by_command}");
    assert_eq!(by_command, by_key);
}

/// Commands as text with their request ids blanked: two dispatches of the
/// same thing differ only in those.
fn without_request_ids(cmds: &[Cmd]) -> String {
    without_request_ids_in(&format!("{cmds:?}"))
}

fn without_request_ids_in(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("RequestId(") {
        let (before, after) = rest.split_at(at + "RequestId(".len());
        out.push_str(before);
        out.push('_');
        rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

#[test]
fn users_needs_a_server_and_endpoints_a_region() {
    let mut app = App::new(AwsSettings::default(), false);
    let req = list_req(&app.start());
    listed(&mut app, req, &[]);
    assert!(command(&mut app, "users").is_empty());
    assert!(
        matches!(&app.notice, Some(n) if n.text.contains("select a server")),
        "{:?}",
        app.notice
    );
    // The list of endpoints is the region's, whatever server is selected.
    assert!(command(&mut app, "endpoints").is_empty());
    assert!(
        matches!(&app.notice, Some(n) if n.text.contains("no region yet")),
        "{:?}",
        app.notice
    );
}

#[test]
fn slash_filters_fuzzily_enter_keeps_and_esc_clears() {
    let mut app = app_with_servers();
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "alsf"); // alpha-sftp
    assert_eq!(shown(&app), [A]);
    assert_eq!(selected(&app), Some(A));
    press(&mut app, KeyCode::Enter);
    assert!(!app.servers.list.filter.is_typing());
    assert_eq!(app.servers.list.filter.text, "alsf");
    // Keys work again on the filtered list; `j` past the end stays.
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(selected(&app), Some(A));
    // Esc clears the filter first, and the selection stays on A.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.servers.list.filter.text, "");
    assert_eq!(shown(&app), [B, C, A]);
    assert_eq!(selected(&app), Some(A));
    // A filter matching nothing leaves no selection, and no panic on keys.
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "zzz");
    assert!(app.servers.selected().is_none());
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(copied(&press(&mut app, KeyCode::Char('y'))).is_none());
}

#[test]
fn s_sorts_by_each_column_and_capital_s_reverses() {
    let mut app = app_with_servers();
    press(&mut app, KeyCode::Down); // C
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.servers.list.sort, Some(ServerColumn::Id));
    assert_eq!(shown(&app), [A, B, C]);
    assert_eq!(selected(&app), Some(C), "the selection follows its row");
    press(&mut app, KeyCode::Char('S'));
    assert_eq!(shown(&app), [C, B, A]);
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.servers.list.sort, Some(ServerColumn::Name));
    assert_eq!(shown(&app), [A, B, C]); // alpha, beta, gamma
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.servers.list.sort, Some(ServerColumn::State));
    // Without a sweep, `s` passes REGION and ACCOUNT: eight columns.
    for _ in 0..ServerColumn::ALL.len() - 2 {
        press(&mut app, KeyCode::Char('s'));
    }
    assert_eq!(app.servers.list.sort, Some(ServerColumn::State));
}

#[test]
fn a_refresh_keeps_selection_filter_and_sort() {
    let mut app = app_with_servers();
    press(&mut app, KeyCode::Char('s')); // by id: A, B, C
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "0b");
    press(&mut app, KeyCode::Enter);
    assert_eq!(shown(&app), [B]);
    app.servers.set_filter("");
    assert_eq!(selected(&app), Some(B));
    app.servers.set_filter("0");
    let req = list_req(&press(&mut app, KeyCode::Char('r')));
    // AWS answers in another order, with a new server.
    let d = "s-0000000000000000d";
    listed(&mut app, req, &[d, C, B, A]);
    assert_eq!(app.servers.list.sort, Some(ServerColumn::Id));
    assert_eq!(app.servers.list.filter.text, "0");
    assert_eq!(shown(&app), [A, B, C, d]);
    assert_eq!(selected(&app), Some(B));
}

#[test]
fn switching_region_closes_the_old_panes_and_drops_the_old_answers() {
    let mut app = app_with_servers();
    app.update(Msg::Connected {
        result: Ok(Identity {
            region: "ap-northeast-1".into(),
            account: "111111111111".into(),
        }),
    });
    command(&mut app, "objects");
    let stale_list = list_req(&{
        command(&mut app, "servers");
        press(&mut app, KeyCode::Char('r'))
    });
    let cmds = command(&mut app, "region eu-west-1");
    let Some(Cmd::Reconnect { req, settings }) = cmds.first() else {
        panic!("expected a reconnect first, got {cmds:?}");
    };
    assert_eq!(settings.region.as_deref(), Some("eu-west-1"));
    assert_eq!(
        settings.profile.as_deref(),
        Some("ops"),
        "the profile stays"
    );
    let reconnect = *req;
    let new_list = list_req(&cmds);
    assert_eq!(app.stack.len(), 1);
    assert!(app.servers.rows.is_empty());
    assert_eq!(app.connection, Connection::Connecting);
    assert_eq!(app.settings.region.as_deref(), Some("eu-west-1"));

    // Answers of the old session arrive late: they change nothing.
    assert!(listed(&mut app, stale_list, &[A, B]).is_empty());
    assert!(app.servers.rows.is_empty());
    app.update(Msg::Connected {
        result: Ok(Identity {
            region: "ap-northeast-1".into(),
            account: "111111111111".into(),
        }),
    });
    assert_eq!(app.connection, Connection::Connecting);

    app.update(Msg::Reconnected {
        req: reconnect,
        result: Ok(Identity {
            region: "eu-west-1".into(),
            account: "222222222222".into(),
        }),
    });
    assert_eq!(app.region(), Some("eu-west-1"));
    assert!(matches!(&app.connection, Connection::Connected(id) if id.account == "222222222222"));
    listed(&mut app, new_list, &[C]);
    assert_eq!(shown(&app), [C]);
}

#[test]
fn switching_profile_keeps_the_region_and_a_failed_one_retries_with_it() {
    let mut app = app_with_servers();
    let cmds = command(&mut app, "profile prod");
    let Some(Cmd::Reconnect { req, settings }) = cmds.first() else {
        panic!("expected a reconnect, got {cmds:?}");
    };
    assert_eq!(settings.profile.as_deref(), Some("prod"));
    assert_eq!(settings.region.as_deref(), Some("ap-northeast-1"));
    app.update(Msg::Reconnected {
        req: *req,
        result: Err(AwsError::Credentials {
            detail: "no SSO session".into(),
            code: None,
        }),
    });
    assert!(matches!(app.connection, Connection::Failed(_)));
    // `r` after `aws sso login`: the switched-to profile is tried again.
    let cmds = press(&mut app, KeyCode::Char('r'));
    assert!(
        matches!(cmds.first(), Some(Cmd::Reconnect { settings, .. }) if settings.profile.as_deref() == Some("prod")),
        "{cmds:?}"
    );
}

#[test]
fn y_copies_the_selected_server_id() {
    let mut app = app_with_servers();
    let cmds = press(&mut app, KeyCode::Char('y'));
    assert_eq!(copied(&cmds).as_deref(), Some(B));
    assert!(matches!(&app.notice, Some(n) if n.text.contains(B)));
    // On a detail, several things: a chooser, which takes every key.
    press(&mut app, KeyCode::Enter);
    let cmds = press(&mut app, KeyCode::Char('y'));
    let choice = app.copy_choice.as_ref().expect("a chooser");
    let labels: Vec<_> = choice.options.iter().map(|(what, _)| *what).collect();
    assert_eq!(labels, ["server id", "ARN"]);
    assert!(copied(&cmds).is_none());
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit);
    press(&mut app, KeyCode::Down);
    let cmds = press(&mut app, KeyCode::Enter);
    assert!(app.copy_choice.is_none());
    assert!(copied(&cmds).is_some_and(|t| t.starts_with("arn:aws:transfer:")));
    // A digit picks directly; Esc cancels and copies nothing.
    press(&mut app, KeyCode::Char('y'));
    let cmds = press(&mut app, KeyCode::Char('1'));
    assert_eq!(copied(&cmds).as_deref(), Some(B));
    press(&mut app, KeyCode::Char('y'));
    let cmds = press(&mut app, KeyCode::Esc);
    assert!(app.copy_choice.is_none() && copied(&cmds).is_none());
    assert!(
        matches!(app.pane(), Pane::ServerDetail(_)),
        "Esc only closed the chooser"
    );
}

#[test]
fn auto_refresh_reads_the_visible_list_and_backs_off_when_throttled() {
    let mut app = app_with_servers();
    app.auto_refresh = AutoRefresh::every(30);
    let req = list_req(&app.update(Msg::AutoRefresh));
    app.update(Msg::ServersListed {
        req,
        result: Err(AwsError::Throttled {
            action: "transfer:ListServers".into(),
        }),
    });
    assert_eq!(app.auto_refresh.interval(), Some(Duration::from_secs(60)));
    assert_eq!(shown(&app), [B, C, A], "a throttled refresh keeps the rows");
    for _ in 0..10 {
        app.auto_refresh.observe(Some(&AwsError::Throttled {
            action: String::new(),
        }));
    }
    assert_eq!(app.auto_refresh.interval(), Some(Duration::from_secs(300)));
    let req = list_req(&app.update(Msg::AutoRefresh));
    listed(&mut app, req, &[B, C, A]);
    assert_eq!(app.auto_refresh.interval(), Some(Duration::from_secs(30)));
    // Not while the operator types.
    press(&mut app, KeyCode::Char(':'));
    assert!(app.update(Msg::AutoRefresh).is_empty());
    assert_eq!(AutoRefresh::every(0).interval(), None);
}

#[test]
fn a_refresh_keeps_the_described_rows_on_screen_until_new_answers_arrive() {
    let mut app = app_with_servers();
    let req = list_req(&press(&mut app, KeyCode::Char('r')));
    let describes = listed(&mut app, req, &[B, C, A]);
    assert_eq!(describes.len(), 3);
    assert_eq!(app.loading().as_deref(), Some("describing 3 servers"));
    let names: Vec<_> = app
        .servers
        .shown()
        .map(|row| row.server().and_then(|s| s.name()))
        .collect();
    assert_eq!(
        names,
        [Some("beta-ftp"), Some("gamma-sftp"), Some("alpha-sftp")],
        "no blank rows while the refresh runs"
    );
    let Some(Cmd::DescribeServer { req, server_id }) = describes.first() else {
        panic!("unexpected {describes:?}");
    };
    app.update(Msg::ServerDescribed {
        req: *req,
        server_id: server_id.clone(),
        result: Ok(Box::new(server(
            server_id,
            "beta-renamed",
            &[Protocol::Ftp],
        ))),
    });
    assert_eq!(app.loading().as_deref(), Some("describing 2 servers"));
    assert_eq!(
        app.servers
            .selected()
            .and_then(|r| r.server())
            .and_then(|s| s.name()),
        Some("beta-renamed")
    );
}

#[test]
fn auto_refresh_of_a_detail_keeps_it_on_screen_and_leaves_other_panes_alone() {
    let mut app = app_with_servers();
    press(&mut app, KeyCode::Enter);
    let cmds = app.update(Msg::AutoRefresh);
    let [Cmd::DescribeServer { req, server_id }] = cmds.as_slice() else {
        panic!("unexpected {cmds:?}");
    };
    assert_eq!(server_id, B);
    assert!(app.server(B).is_some(), "the previous answer stays");
    assert!(app.update(Msg::AutoRefresh).is_empty(), "one at a time");
    app.update(Msg::ServerDescribed {
        req: *req,
        server_id: B.into(),
        result: Ok(Box::new(server(B, "beta-renamed", &[Protocol::Ftp]))),
    });
    assert_eq!(app.server(B).and_then(|s| s.name()), Some("beta-renamed"));
    command(&mut app, "objects");
    assert!(app.update(Msg::AutoRefresh).is_empty());
}

#[test]
fn commands_do_not_close_a_pane_whose_change_is_under_way() {
    let mut app = app_with_servers();
    press(&mut app, KeyCode::End); // A, SERVICE_MANAGED
    command(&mut app, "users");
    let Some(Pane::ManagedUsers(users)) = app.stack.last_mut() else {
        panic!("not in the users pane");
    };
    let req = RequestId(999);
    users.pending = Some((
        req,
        managed_users::UserChange::Delete {
            user: "partner-a".into(),
        },
    ));
    for line in ["servers", "objects", "region eu-west-1", "profile prod"] {
        assert!(command(&mut app, line).is_empty(), "{line}");
        assert!(matches!(app.pane(), Pane::ManagedUsers(_)), "{line}");
        assert!(
            matches!(&app.notice, Some(n) if n.text.contains("a user change is under way")),
            "{line}: {:?}",
            app.notice
        );
    }
    assert_eq!(app.settings.region.as_deref(), Some("ap-northeast-1"));
}

/// The text a `y` sent to the terminal's clipboard, if any.
fn copied(cmds: &[Cmd]) -> Option<String> {
    cmds.iter().find_map(|cmd| match cmd {
        Cmd::Terminal(crate::app::TerminalCmd::Copy { text }) => Some(text.0.clone()),
        _ => None,
    })
}

#[test]
fn y_on_a_finding_copies_its_whole_command() {
    let mut app = app_with_servers();
    let Some(Cmd::Doctor(DoctorCmd::Gather { req, .. })) =
        press(&mut app, KeyCode::Char('D')).first().cloned()
    else {
        panic!("no Gather");
    };
    app.update(Msg::Doctor(DoctorMsg::Gathered {
        req,
        result: Ok(Box::new(crate::doctor::rules_testing_estate())),
    }));
    let Pane::Doctor(doctor) = app.pane() else {
        panic!("not the Doctor");
    };
    let expected = doctor
        .selected()
        .and_then(|finding| finding.fix.as_ref()?.cli.clone())
        .expect("the ports finding has a command");
    assert!(expected.starts_with("aws ec2 authorize-security-group-ingress --group-id sg-0aaa"));
    assert_eq!(copied(&press(&mut app, KeyCode::Char('y'))), Some(expected));
}

#[test]
fn auto_refresh_runs_the_doctor_again_one_check_at_a_time() {
    let mut app = app_with_servers();
    let gather = |cmds: &[Cmd]| match cmds {
        [Cmd::Doctor(DoctorCmd::Gather { req, .. })] => *req,
        other => panic!("expected a Gather: {other:?}"),
    };
    let req = gather(&press(&mut app, KeyCode::Char('D')));
    assert!(app.update(Msg::AutoRefresh).is_empty(), "still gathering");
    app.update(Msg::Doctor(DoctorMsg::Gathered {
        req,
        result: Ok(Box::new(crate::doctor::rules_testing_estate())),
    }));
    let again = gather(&app.update(Msg::AutoRefresh));
    assert!(app.update(Msg::AutoRefresh).is_empty(), "one at a time");
    let Pane::Doctor(doctor) = app.pane() else {
        panic!("not the Doctor");
    };
    assert!(!doctor.findings().is_empty(), "the findings stay meanwhile");
    assert_ne!(again, req);
}

#[test]
fn the_automatic_refresh_describes_only_the_servers_whose_listing_changed() {
    let mut app = app_with_servers();
    let req = list_req(&app.update(Msg::AutoRefresh));
    let mut summaries: Vec<_> = [B, C, A]
        .iter()
        .map(|id| summary(id, ServerState::Online))
        .collect();
    summaries[1].state = ServerState::Offline; // C was stopped meanwhile
    summaries[2].identity_provider_type = IdentityProviderType::ServiceManaged;
    let cmds = app.update(Msg::ServersListed {
        req,
        result: Ok(summaries),
    });
    let described: Vec<&str> = cmds
        .iter()
        .filter_map(|cmd| match cmd {
            Cmd::DescribeServer { server_id, .. } => Some(server_id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(described, [C]);
    assert_eq!(
        app.server(B).and_then(|s| s.name()),
        Some("beta-ftp"),
        "the others keep their answers"
    );
}

#[test]
fn the_servers_filter_looks_at_the_protocols_too() {
    let mut app = app_with_servers();
    let cmds = press(&mut app, KeyCode::Char('r'));
    let req = list_req(&cmds);
    for cmd in listed(&mut app, req, &[B, C, A]) {
        let Cmd::DescribeServer { req, server_id } = cmd else {
            continue;
        };
        let protocol = if server_id == B {
            Protocol::Ftps
        } else {
            Protocol::Sftp
        };
        app.update(Msg::ServerDescribed {
            req,
            server_id: server_id.clone(),
            result: Ok(Box::new(server(&server_id, "plain", &[protocol]))),
        });
    }
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "ftps");
    assert_eq!(shown(&app), [B]);
}
