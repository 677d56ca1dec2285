//! Flow tests: messages in, state and commands out. No terminal, no AWS.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::model::{
    EndpointType, IdentityProviderType, Protocol, ProtocolDetails, Server, ServerState,
    ServerSummary,
};

pub fn summary(id: &str, state: ServerState) -> ServerSummary {
    ServerSummary {
        id: id.to_string(),
        arn: format!("arn:aws:transfer:ap-northeast-1:123456789012:server/{id}"),
        state,
        endpoint_type: EndpointType::Vpc,
        identity_provider_type: IdentityProviderType::AwsLambda,
        user_count: Some(0),
        logging_role: None,
    }
}

pub fn server(id: &str, name: &str, protocols: &[Protocol]) -> Server {
    Server {
        summary: summary(id, ServerState::Online),
        protocols: protocols.to_vec(),
        protocol_details: ProtocolDetails::default(),
        endpoint_details: None,
        identity_provider_details: Default::default(),
        certificate: None,
        security_policy_name: None,
        host_key_fingerprint: None,
        structured_log_destinations: Vec::new(),
        domain: None,
        tags: [("Name".to_string(), name.to_string())].into(),
        options: Default::default(),
    }
}

/// A console with `settings` that has listed and described one server,
/// `described`, which is selected.
pub fn listing_one(settings: AwsSettings, read_only: bool, described: Server) -> App {
    let mut app = App::new(settings, read_only);
    let req = app
        .start()
        .into_iter()
        .find_map(|cmd| match cmd {
            Cmd::ListServers { req } => Some(req),
            _ => None,
        })
        .expect("a listing");
    let id = described.summary.id.clone();
    let cmds = app.update(Msg::ServersListed {
        req,
        result: Ok(vec![summary(&id, ServerState::Online)]),
    });
    let Some(Cmd::DescribeServer { req, .. }) = cmds.first() else {
        panic!("described: {cmds:?}");
    };
    app.update(Msg::ServerDescribed {
        req: *req,
        server_id: id,
        result: Ok(Box::new(described)),
    });
    app
}

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

fn list_req(cmds: &[Cmd]) -> RequestId {
    cmds.iter()
        .find_map(|cmd| match cmd {
            Cmd::ListServers { req } => Some(*req),
            _ => None,
        })
        .expect("a ListServers command")
}

fn app() -> App {
    App::new(AwsSettings::default(), false)
}

#[test]
fn start_connects_and_lists_servers() {
    let mut app = app();
    let cmds = app.start();
    assert_eq!(cmds[0], Cmd::Connect);
    list_req(&cmds);
    assert_eq!(app.loading().as_deref(), Some("listing servers"));
}

#[test]
fn a_listing_asks_for_each_server_and_rows_fill_in_as_answers_arrive() {
    let mut app = app();
    let req = list_req(&app.start());
    let cmds = app.update(Msg::ServersListed {
        req,
        result: Ok(vec![
            summary("s-0123456789abcdef0", ServerState::Online),
            summary("s-0123456789abcdef1", ServerState::Offline),
        ]),
    });
    // One DescribeServer per server, then one sweep of the user secrets
    // (the servers use AWS_LAMBDA).
    let (sweep, describes) = cmds.split_last().expect("commands");
    assert!(
        matches!(sweep, Cmd::CountSecretUsers { prefix, .. } if prefix == "aws/transfer/"),
        "{sweep:?}"
    );
    let describes: Vec<_> = describes
        .iter()
        .map(|cmd| match cmd {
            Cmd::DescribeServer { req, server_id } => (*req, server_id.clone()),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(describes.len(), 2);
    assert_eq!(app.loading().as_deref(), Some("describing 2 servers"));

    // The second answer arrives first: rows fill in whatever the order.
    let (req1, id1) = describes[1].clone();
    app.update(Msg::ServerDescribed {
        req: req1,
        server_id: id1.clone(),
        result: Ok(Box::new(server(&id1, "partner-ftp", &[Protocol::Ftp]))),
    });
    assert_eq!(
        app.servers.rows[1].server().and_then(Server::name),
        Some("partner-ftp")
    );
    // DescribeServer's state is newer than the listing's.
    assert_eq!(app.servers.rows[1].summary.state, ServerState::Online);
    assert!(app.servers.rows[0].server().is_none());
    assert_eq!(app.loading().as_deref(), Some("describing 1 server"));
}

#[test]
fn answers_to_replaced_requests_are_dropped() {
    let mut app = app();
    let old = list_req(&app.start());
    app.update(Msg::ServersListed {
        req: old,
        result: Ok(vec![]),
    });
    let new = list_req(&press(&mut app, KeyCode::Char('r')));
    // A late answer to the first request changes nothing.
    let cmds = app.update(Msg::ServersListed {
        req: old,
        result: Ok(vec![summary("s-00000000000000000", ServerState::Online)]),
    });
    assert!(cmds.is_empty());
    assert!(app.servers.rows.is_empty());
    assert_eq!(app.servers.listing, Listing::Loading(new));
}

#[test]
fn refresh_while_listing_coalesces() {
    let mut app = app();
    app.start();
    assert!(press(&mut app, KeyCode::Char('r')).is_empty());
}

#[test]
fn a_failed_refresh_keeps_the_rows_and_the_selection() {
    let mut app = app();
    let req = list_req(&app.start());
    app.update(Msg::ServersListed {
        req,
        result: Ok(vec![
            summary("s-0000000000000000a", ServerState::Online),
            summary("s-0000000000000000b", ServerState::Online),
        ]),
    });
    press(&mut app, KeyCode::Down);
    let req = list_req(&press(&mut app, KeyCode::Char('r')));
    app.update(Msg::ServersListed {
        req,
        result: Err(AwsError::Throttled {
            action: "transfer:ListServers".into(),
        }),
    });
    assert_eq!(app.servers.rows.len(), 2);
    assert_eq!(app.servers.list.cursor.selected(), 1);
    assert!(matches!(
        app.servers.listing,
        Listing::Failed(AwsError::Throttled { .. })
    ));
    assert!(
        app.blocking_problem().is_none(),
        "rows are still worth showing"
    );
}

#[test]
fn a_refresh_keeps_the_selected_server_even_when_rows_move() {
    let mut app = app();
    let req = list_req(&app.start());
    let a = summary("s-0000000000000000a", ServerState::Online);
    let b = summary("s-0000000000000000b", ServerState::Online);
    app.update(Msg::ServersListed {
        req,
        result: Ok(vec![a.clone(), b.clone()]),
    });
    press(&mut app, KeyCode::Char('j'));
    let req = list_req(&press(&mut app, KeyCode::Char('r')));
    let c = summary("s-0000000000000000c", ServerState::Online);
    app.update(Msg::ServersListed {
        req,
        result: Ok(vec![c, a, b]),
    });
    assert_eq!(
        app.servers.selected().map(|r| r.summary.id.as_str()),
        Some("s-0000000000000000b")
    );
}

#[test]
fn no_region_is_a_blocking_problem_and_r_tries_again() {
    let mut app = app();
    let req = list_req(&app.start());
    app.update(Msg::Connected {
        result: Err(AwsError::NoRegion),
    });
    app.update(Msg::ServersListed {
        req,
        result: Err(AwsError::NoRegion),
    });
    assert_eq!(app.blocking_problem(), Some(&AwsError::NoRegion));
    let cmds = press(&mut app, KeyCode::Char('r'));
    assert_eq!(cmds[0], Cmd::Connect);
    list_req(&cmds);
}

#[test]
fn a_first_listing_that_timed_out_is_a_blocking_problem_naming_the_call() {
    let mut app = app();
    let req = list_req(&app.start());
    let timed_out = AwsError::Timeout {
        action: "transfer:ListServers".into(),
        after: Some(std::time::Duration::from_secs(60)),
    };
    app.update(Msg::ServersListed {
        req,
        result: Err(timed_out.clone()),
    });
    assert_eq!(app.blocking_problem(), Some(&timed_out));
    assert_eq!(
        timed_out.to_string(),
        "ListServers did not answer within 60 s"
    );
    list_req(&press(&mut app, KeyCode::Char('r')));
}

#[test]
fn keys_move_within_bounds_help_toggles_and_q_quits() {
    let mut app = app();
    let req = list_req(&app.start());
    app.update(Msg::ServersListed {
        req,
        result: Ok((0..3)
            .map(|i| summary(&format!("s-{i:017}"), ServerState::Online))
            .collect()),
    });
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.servers.list.cursor.selected(), 2);
    press(&mut app, KeyCode::Char('?'));
    assert!(app.show_help);
    press(&mut app, KeyCode::Esc);
    assert!(!app.show_help);
    assert!(!app.should_quit);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit);

    // Ctrl-C quits as well.
    let mut app = self::app();
    app.start();
    assert!(!app.should_quit);
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
    assert!(app.should_quit);
}

#[test]
fn read_only_refuses_a_change_and_says_so() {
    let mut app = App::new(AwsSettings::default(), true);
    assert!(app.refuse_if_read_only("stopping a server"));
    let notice = app.notice.clone().expect("a notice");
    assert_eq!(notice.level, NoticeLevel::Warning);
    assert!(
        notice
            .text
            .contains("read-only: stopping a server is disabled")
    );
    let mut writable = App::new(AwsSettings::default(), false);
    assert!(!writable.refuse_if_read_only("stopping a server"));
    assert!(writable.notice.is_none());
}

#[test]
fn the_servers_list_stays_at_the_bottom_of_the_stack() {
    let mut app = app();
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.breadcrumbs(), ["Servers"]);
    assert!(matches!(app.pane(), Pane::Servers));
}

#[test]
fn a_key_press_dismisses_the_notice() {
    let mut app = app();
    app.notify(NoticeLevel::Info, "saved");
    press(&mut app, KeyCode::Down);
    assert!(app.notice.is_none());
}

#[test]
fn d_checks_the_selected_server_and_the_answer_fills_the_doctor_pane() {
    let mut app = app();
    let req = list_req(&app.start());
    app.update(Msg::ServersListed {
        req,
        result: Ok(vec![summary("s-0123456789abcdef0", ServerState::Online)]),
    });
    let cmds = press(&mut app, KeyCode::Char('d'));
    let gather = match cmds.as_slice() {
        [Cmd::Doctor(DoctorCmd::Gather { req, server_id })] => {
            assert_eq!(server_id.as_deref(), Some("s-0123456789abcdef0"));
            *req
        }
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(app.breadcrumbs(), ["Servers", "Doctor s-0123456789abcdef0"]);
    assert_eq!(app.loading().as_deref(), Some("gathering evidence"));
    // A stale answer is dropped; the awaited one is diagnosed.
    let estate = Box::new(crate::doctor::rules_testing_estate());
    app.update(Msg::Doctor(DoctorMsg::Gathered {
        req: RequestId(gather.0 + 100),
        result: Ok(estate.clone()),
    }));
    assert!(matches!(app.pane(), Pane::Doctor(d) if d.is_gathering()));
    app.update(Msg::Doctor(DoctorMsg::Gathered {
        req: gather,
        result: Ok(estate),
    }));
    let Pane::Doctor(doctor) = app.pane() else {
        panic!("doctor pane")
    };
    assert_eq!(doctor.selected().map(|f| f.rule), Some("ports"));
    // `r` gathers again; Esc goes back to the list.
    assert!(matches!(
        press(&mut app, KeyCode::Char('r')).as_slice(),
        [Cmd::Doctor(_)]
    ));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.breadcrumbs(), ["Servers"]);
}

#[test]
fn shift_d_checks_every_server() {
    let mut app = app();
    app.start();
    let cmds = press(&mut app, KeyCode::Char('D'));
    assert!(matches!(
        cmds.as_slice(),
        [Cmd::Doctor(DoctorCmd::Gather {
            server_id: None,
            ..
        })]
    ));
}

#[test]
fn f_on_a_finding_opens_the_same_dialog_as_the_key_by_hand() {
    use crate::doctor::{Finding, FixAction, Severity};
    let mut app = app();
    let req = list_req(&app.start());
    let id = "s-0123456789abcdef0";
    let describe = app.update(Msg::ServersListed {
        req,
        result: Ok(vec![summary(id, ServerState::Online)]),
    });
    let Some(Cmd::DescribeServer { req, .. }) = describe.first().cloned() else {
        panic!("no describe")
    };
    app.update(Msg::ServerDescribed {
        req,
        server_id: id.into(),
        result: Ok(Box::new(server(id, "ftps", &[Protocol::Ftps]))),
    });
    let cmds = press(&mut app, KeyCode::Char('D'));
    let Some(Cmd::Doctor(DoctorCmd::Gather { req, .. })) = cmds.first().cloned() else {
        panic!("no gather")
    };
    let mut estate = crate::doctor::rules_testing_estate();
    estate.servers.clear();
    app.update(Msg::Doctor(DoctorMsg::Gathered {
        req,
        result: Ok(Box::new(estate)),
    }));
    let finding = Finding::new(
        "tls-resumption",
        Severity::Warning,
        "s-0123456789abcdef0",
        "enforced",
    )
    .fix(
        "set ENABLED",
        None,
        Some(FixAction::SetTlsSessionResumption {
            server_id: "s-0123456789abcdef0".into(),
            mode: "ENABLED".into(),
        }),
    );
    if let Some(Pane::Doctor(doctor)) = app.stack.last_mut() {
        let summary = crate::doctor::report::Summary {
            servers_checked: 1,
            errors: 0,
            warnings: 1,
            info: 0,
            monthly_cost_usd: 0.0,
        };
        doctor.show(vec![finding], summary);
    }
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(
        app.breadcrumbs().last().map(String::as_str),
        Some("s-0123456789abcdef0")
    );
    let dialog = |app: &App| match app.pane() {
        Pane::ServerDetail(detail) => format!("{:?}", detail.dialog),
        other => panic!("not the detail: {other:?}"),
    };
    let by_fix = dialog(&app);
    assert!(
        by_fix.starts_with("Some(Choose { member: TlsResumption"),
        "{by_fix}"
    );
    // The same detail, the dialog closed, then `t` by hand.
    press(&mut app, KeyCode::Esc);
    assert_eq!(dialog(&app), "None");
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(dialog(&app), by_fix);
}

#[test]
fn custom_identity_provider_users_are_counted_from_their_secrets() {
    use crate::app::SecretUsers;
    use crate::model::IdentityProviderType;
    let mut app = app();
    let req = list_req(&app.start());
    let mut managed = summary("s-0000000000000000a", ServerState::Online);
    managed.identity_provider_type = IdentityProviderType::ServiceManaged;
    managed.user_count = Some(3);
    let lambda = summary("s-0000000000000000b", ServerState::Online);
    let cmds = app.update(Msg::ServersListed {
        req,
        result: Ok(vec![managed.clone(), lambda.clone()]),
    });
    let Some(Cmd::CountSecretUsers { req: sweep, .. }) = cmds.last().cloned() else {
        panic!("no sweep in {cmds:?}");
    };
    // An answer to another sweep changes nothing.
    let counts = std::collections::HashMap::from([(lambda.id.clone(), 5)]);
    app.update(Msg::SecretUsersCounted {
        req: RequestId(sweep.0 + 100),
        result: Ok(counts.clone()),
    });
    assert_eq!(app.servers.rows[1].summary.user_count, Some(0));
    app.update(Msg::SecretUsersCounted {
        req: sweep,
        result: Ok(counts),
    });
    assert_eq!(
        app.servers.rows[0].summary.user_count,
        Some(3),
        "Transfer's own count"
    );
    assert_eq!(
        app.servers.rows[1].summary.user_count,
        Some(5),
        "its login secrets"
    );
    // DescribeServer answering after the sweep does not undo the count.
    let describe = cmds
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::DescribeServer { req, server_id } if *server_id == lambda.id => Some(*req),
            _ => None,
        })
        .expect("DescribeServer of the lambda server");
    app.update(Msg::ServerDescribed {
        req: describe,
        server_id: lambda.id.clone(),
        result: Ok(Box::new(server(&lambda.id, "ftp", &[Protocol::Ftp]))),
    });
    assert_eq!(app.servers.rows[1].summary.user_count, Some(5));

    // A refresh keeps the counts until the next sweep answers.
    let req = list_req(&press(&mut app, KeyCode::Char('r')));
    let cmds = app.update(Msg::ServersListed {
        req,
        result: Ok(vec![managed, lambda]),
    });
    assert_eq!(app.servers.rows[1].summary.user_count, Some(5));
    let Some(Cmd::CountSecretUsers { req: sweep, .. }) = cmds.last().cloned() else {
        panic!("no sweep in {cmds:?}");
    };
    let denied = AwsError::AccessDenied {
        action: "secretsmanager:ListSecrets".into(),
        message: "denied".into(),
    };
    app.update(Msg::SecretUsersCounted {
        req: sweep,
        result: Err(denied),
    });
    assert!(matches!(app.servers.secret_users, SecretUsers::Failed(_)));
}

#[test]
fn servers_without_a_custom_identity_provider_need_no_sweep() {
    use crate::model::IdentityProviderType;
    let mut app = app();
    let req = list_req(&app.start());
    let mut managed = summary("s-0000000000000000a", ServerState::Online);
    managed.identity_provider_type = IdentityProviderType::ServiceManaged;
    let cmds = app.update(Msg::ServersListed {
        req,
        result: Ok(vec![managed]),
    });
    assert!(
        cmds.iter()
            .all(|cmd| matches!(cmd, Cmd::DescribeServer { .. })),
        "{cmds:?}"
    );
}

#[test]
fn no_pane_binds_a_key_twice() {
    for (pane, tables) in PANE_KEYS {
        let mut seen = Vec::new();
        for binding in keymap::GLOBAL
            .iter()
            .chain(tables.iter().copied().flatten())
        {
            for key in binding.keys {
                assert!(!seen.contains(key), "{pane}: {key:?} bound twice");
                seen.push(*key);
            }
        }
    }
}

#[test]
fn an_unknown_profile_is_refused_on_the_command_line_and_messages_opens_the_log() {
    let mut app = app();
    app.start();
    app.profiles = vec!["default".into(), "ops".into()];
    press(&mut app, KeyCode::Char(':'));
    for c in "profile opz".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    assert!(press(&mut app, KeyCode::Enter).is_empty(), "nothing sent");
    let line = app.command_line.as_ref().expect("the line stays");
    assert_eq!(
        line.error.as_deref(),
        Some("profile opz not found in ~/.aws/config (known: default, ops)")
    );
    assert_eq!(app.settings.profile, None);
    // With credentials in the environment, even a known profile would not
    // be used: refused too.
    app.env_credentials = true;
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char(':'));
    for c in "profile ops".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let error = app.command_line.as_ref().and_then(|l| l.error.clone());
    assert!(error.is_some_and(|e| e.contains("AWS_ACCESS_KEY_ID")));
    press(&mut app, KeyCode::Esc);

    app.notify(NoticeLevel::Warning, "first");
    press(&mut app, KeyCode::Char('j')); // the status bar's notice goes...
    assert!(app.notice.is_none());
    press(&mut app, KeyCode::Char(':'));
    for c in "messages".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    assert!(app.messages.open);
    // ...the log keeps it.
    assert!(app.messages.entries().any(|m| m.text == "first"));
    press(&mut app, KeyCode::Esc);
    assert!(!app.messages.open);
    assert_eq!(app.breadcrumbs(), ["Servers"], "Esc closed only the log");
}
