//! The create form: keys and answers in, commands and state out.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{CreateCmd, CreateMsg, CreatedAfter, Phase, SUMMARY};
use crate::app::tests::{listing_one, server};
use crate::app::{App, Cmd, Msg, NoticeLevel, Pane, RequestId, ServerCmd};
use crate::model::server_spec::{Choice, Choices, EndpointSpec, IdentitySpec};
use crate::model::{AwsError, AwsSettings, EndpointDetails, Protocol, ServerState};

const ID: &str = "s-0123456789abcdef0";
const REGION: &str = "ap-northeast-1";
const LAMBDA: &str = "arn:aws:lambda:ap-northeast-1:123456789012:function:transfer-ftp-idp";

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn listed(read_only: bool) -> App {
    let settings = AwsSettings {
        region: Some(REGION.into()),
        ..AwsSettings::default()
    };
    listing_one(
        settings,
        read_only,
        server(ID, "ftp-legacy-1a", &[Protocol::Ftp]),
    )
}

fn choice(id: &str, vpc: Option<&str>, zone: Option<&str>) -> Choice {
    Choice {
        id: id.into(),
        label: "x".into(),
        vpc_id: vpc.map(str::to_string),
        zone: zone.map(str::to_string),
    }
}

pub(crate) fn choices(region: &str) -> Choices {
    Choices {
        region: region.into(),
        vpcs: Ok(vec![choice("vpc-0000000a", Some("vpc-0000000a"), None)]),
        subnets: Ok(vec![
            choice(
                "subnet-0000000a",
                Some("vpc-0000000a"),
                Some("ap-northeast-1a"),
            ),
            choice(
                "subnet-0000000c",
                Some("vpc-0000000a"),
                Some("ap-northeast-1c"),
            ),
        ]),
        security_groups: Ok(vec![choice("sg-0000000a", Some("vpc-0000000a"), None)]),
        elastic_ips: Ok(vec![choice("eipalloc-0000000a", None, None)]),
        certificates: Err(AwsError::AccessDenied {
            action: "acm:ListCertificates".into(),
            message: "denied".into(),
        }),
    }
}

fn choices_req(cmds: &[Cmd]) -> RequestId {
    cmds.iter()
        .find_map(|cmd| match cmd {
            Cmd::Create(CreateCmd::Choices { req, .. }) => Some(*req),
            _ => None,
        })
        .unwrap_or_else(|| panic!("the pick lists are read: {cmds:?}"))
}

/// `N`, with the pick lists answered.
pub(crate) fn new_form(read_only: bool) -> App {
    let mut app = listed(read_only);
    let cmds = press(&mut app, KeyCode::Char('N'));
    let req = choices_req(&cmds);
    app.update(Msg::Create(CreateMsg::Choices {
        req,
        choices: Box::new(choices(REGION)),
    }));
    app
}

fn pane(app: &App) -> &super::CreatePane {
    match app.stack.last() {
        Some(Pane::Create(pane)) => pane,
        other => panic!("the form is on top: {other:?}"),
    }
}

/// Moves the cursor to the row whose label starts with `label`, and
/// presses Space on it.
pub(crate) fn pick(app: &mut App, label: &str) {
    let at = pane(app)
        .rows()
        .iter()
        .position(|row| row.label.starts_with(label))
        .unwrap_or_else(|| panic!("a row {label:?} in {:?}", pane(app).rows()));
    while pane(app).cursor > at {
        press(app, KeyCode::Up);
    }
    while pane(app).cursor < at {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Char(' '));
}

pub(crate) fn next_step(app: &mut App) {
    press(app, KeyCode::Tab);
}

fn create_cmd(cmds: &[Cmd]) -> Option<RequestId> {
    cmds.iter().find_map(|cmd| match cmd {
        Cmd::Create(CreateCmd::Create { req, .. }) => Some(*req),
        _ => None,
    })
}

/// The private FTP server of article 001, step by step.
fn fill_private_ftp(app: &mut App) {
    pick(app, "SFTP"); // off
    pick(app, "FTP");
    next_step(app);
    pick(app, "VPC");
    pick(app, "vpc-0000000a");
    pick(app, "subnet-0000000a");
    pick(app, "subnet-0000000c");
    pick(app, "sg-0000000a");
    next_step(app);
    pick(app, "AWS_LAMBDA");
    pick(app, "Lambda function ARN");
    type_text(app, LAMBDA);
    press(app, KeyCode::Enter);
    next_step(app);
    next_step(app);
    pick(app, "Name");
    type_text(app, "ftp-legacy-2");
    press(app, KeyCode::Enter);
    next_step(app);
}

#[test]
fn n_opens_the_form_and_reads_the_pick_lists_of_the_region() {
    let mut app = listed(false);
    let cmds = press(&mut app, KeyCode::Char('N'));
    assert!(matches!(
        &cmds[..],
        [Cmd::Create(CreateCmd::Choices { region, .. })] if region == REGION
    ));
    assert_eq!(pane(&app).spec.protocols, vec![Protocol::Sftp]);
    assert!(app.loading().unwrap().contains("reading VPCs"));
}

#[test]
fn read_only_refuses_new_and_clone_with_a_specific_message() {
    let mut app = listed(true);
    assert!(press(&mut app, KeyCode::Char('N')).is_empty());
    assert_eq!(
        app.notice.as_ref().unwrap().text,
        "read-only: creating a server is disabled (started with --read-only)"
    );
    assert!(press(&mut app, KeyCode::Char('C')).is_empty());
    assert_eq!(
        app.notice.as_ref().unwrap().text,
        "read-only: cloning a server is disabled (started with --read-only)"
    );
    assert!(matches!(app.stack.last(), Some(Pane::Servers)));
}

#[test]
fn each_step_fills_the_spec_and_the_summary_sends_create_server_on_y() {
    let mut app = new_form(false);
    fill_private_ftp(&mut app);
    let form = pane(&app);
    assert_eq!(form.step, SUMMARY);
    assert_eq!(form.spec.protocols, vec![Protocol::Ftp]);
    let vpc = form.spec.vpc().expect("VPC");
    assert_eq!(vpc.subnet_ids, ["subnet-0000000a", "subnet-0000000c"]);
    assert_eq!(vpc.security_group_ids, ["sg-0000000a"]);
    assert_eq!(
        form.spec.identity,
        IdentitySpec::Lambda {
            function: LAMBDA.into()
        }
    );
    assert_eq!(form.spec.name(), Some("ftp-legacy-2"));
    assert_eq!(form.errors(), vec![]);
    // Enter never creates: only y.
    assert!(create_cmd(&press(&mut app, KeyCode::Enter)).is_none());
    let cmds = press(&mut app, KeyCode::Char('y'));
    let req = create_cmd(&cmds).expect("CreateServer");
    assert_eq!(app.writes_in_flight().len(), 1);
    assert_eq!(app.writes_in_flight()[0].audit.after, "(created)");

    let new_id = "s-0123456789abcdef9";
    let cmds = app.update(Msg::Create(CreateMsg::Created {
        req,
        result: Ok(new_id.into()),
        afterwards: None,
    }));
    assert!(app.writes_in_flight().is_empty());
    let audit = cmds
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::Server(ServerCmd::Audit { entry }) => Some(entry.clone()),
            _ => None,
        })
        .expect("audited");
    assert_eq!(
        (audit.server.as_str(), audit.outcome.as_str()),
        (new_id, "ok: s-0123456789abcdef9")
    );
    let poll = cmds
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::Create(CreateCmd::Poll { req, server_id, .. }) if server_id == new_id => {
                Some(*req)
            }
            _ => None,
        })
        .expect("followed");
    let mut starting = server(new_id, "ftp-legacy-2", &[Protocol::Ftp]);
    starting.summary.state = ServerState::Starting;
    let cmds = app.update(Msg::Create(CreateMsg::Polled {
        req: poll,
        result: Ok(Box::new(starting)),
    }));
    let Some(Cmd::Create(CreateCmd::Poll {
        req: poll, delay, ..
    })) = cmds.first()
    else {
        panic!("polled again: {cmds:?}");
    };
    assert_eq!(*delay, super::POLL_EVERY);
    assert!(app.loading().unwrap().contains("STARTING"));
    let cmds = app.update(Msg::Create(CreateMsg::Polled {
        req: *poll,
        result: Ok(Box::new(server(new_id, "ftp-legacy-2", &[Protocol::Ftp]))),
    }));
    assert!(
        cmds.iter()
            .any(|cmd| matches!(cmd, Cmd::ListServers { .. }))
    );
    assert!(cmds.iter().any(|cmd| matches!(
        cmd,
        Cmd::Server(ServerCmd::Audit { entry }) if entry.field == "State" && entry.outcome == "ONLINE"
    )));
    let notice = app.notice.clone().unwrap();
    assert!(notice.text.contains("STARTING → ONLINE"), "{notice:?}");
    // A new server, not a clone: no word about its function's policy.
    assert!(!notice.text.contains("may not admit"), "{notice:?}");
    assert_eq!(app.servers.select_after_listing.as_deref(), Some(new_id));
    assert!(matches!(app.stack.last(), Some(Pane::Servers)));
}

#[test]
fn a_broken_rule_keeps_create_server_unsent_and_names_the_step() {
    let mut app = new_form(false);
    pick(&mut app, "FTP"); // FTP on PUBLIC with SERVICE_MANAGED
    for _ in 0..SUMMARY {
        next_step(&mut app);
    }
    let cmds = press(&mut app, KeyCode::Char('y'));
    assert!(create_cmd(&cmds).is_none());
    let notice = app.notice.clone().unwrap();
    assert_eq!(notice.level, NoticeLevel::Error);
    assert!(
        notice
            .text
            .starts_with("not sent: 2 problem(s), the first at step 2 (endpoint)"),
        "{notice:?}"
    );
    assert!(app.writes_in_flight().is_empty());
}

#[test]
fn a_typed_arn_is_checked_where_typed() {
    let mut app = new_form(false);
    next_step(&mut app);
    next_step(&mut app);
    pick(&mut app, "AWS_LAMBDA");
    pick(&mut app, "Lambda function ARN");
    type_text(
        &mut app,
        "arn:aws:lambda:us-east-1:123456789012:function:idp",
    );
    press(&mut app, KeyCode::Enter);
    let notice = app.notice.clone().unwrap();
    assert!(
        notice
            .text
            .starts_with("Function: Lambda function: it is in us-east-1"),
        "{notice:?}"
    );
}

#[test]
fn acm_denied_gives_a_typed_certificate_field_naming_the_action() {
    let mut app = new_form(false);
    for _ in 0..3 {
        next_step(&mut app);
    }
    let rows = pane(&app).rows();
    assert!(
        rows.iter()
            .any(|r| r.label.contains("acm:ListCertificates")),
        "{rows:?}"
    );
    pick(&mut app, "Certificate ARN");
    type_text(
        &mut app,
        "arn:aws:acm:ap-northeast-1:123456789012:certificate/abc",
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        pane(&app).spec.certificate.as_deref(),
        Some("arn:aws:acm:ap-northeast-1:123456789012:certificate/abc")
    );
}

#[test]
fn a_create_answered_500_that_applied_says_created_anyway_and_follows_it() {
    let mut app = new_form(false);
    for _ in 0..SUMMARY {
        next_step(&mut app);
    }
    let req = create_cmd(&press(&mut app, KeyCode::Char('y'))).expect("sent");
    let err = AwsError::Service {
        action: "transfer:CreateServer".into(),
        code: "InternalServiceError".into(),
        message: "Internal service error".into(),
    };
    let cmds = app.update(Msg::Create(CreateMsg::Created {
        req,
        result: Err(err),
        afterwards: Some(CreatedAfter::Found("s-0123456789abcdef9".into())),
    }));
    let notice = app.notice.clone().unwrap();
    assert!(
        notice
            .text
            .starts_with("created anyway: s-0123456789abcdef9"),
        "{notice:?}"
    );
    assert!(cmds.iter().any(|cmd| matches!(
        cmd,
        Cmd::Server(ServerCmd::Audit { entry }) if entry.outcome.starts_with("created anyway")
    )));
    assert!(
        cmds.iter()
            .any(|cmd| matches!(cmd, Cmd::Create(CreateCmd::Poll { .. })))
    );
}

#[test]
fn a_create_not_applied_goes_back_to_the_form_with_the_spec_kept() {
    let mut app = new_form(false);
    for _ in 0..SUMMARY {
        next_step(&mut app);
    }
    let req = create_cmd(&press(&mut app, KeyCode::Char('y'))).expect("sent");
    let cmds = app.update(Msg::Create(CreateMsg::Created {
        req,
        result: Err(AwsError::Network {
            detail: "reset".into(),
        }),
        afterwards: Some(CreatedAfter::NotFound),
    }));
    assert!(app.notice.clone().unwrap().text.starts_with("not created"));
    assert_eq!(pane(&app).phase, Phase::Editing);
    assert!(cmds.iter().any(|cmd| matches!(
        cmd,
        Cmd::Server(ServerCmd::Audit { entry }) if entry.outcome.ends_with("not created")
    )));
}

#[test]
fn c_clones_the_selected_server_pre_filled_with_a_new_name() {
    let mut app = listed(false);
    let cmds = press(&mut app, KeyCode::Char('C'));
    let req = cmds
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::Create(CreateCmd::Source { req, server_id }) if server_id == ID => Some(*req),
            _ => None,
        })
        .expect("the source is read");
    app.update(Msg::Create(CreateMsg::Choices {
        req: choices_req(&cmds),
        choices: Box::new(choices(REGION)),
    }));
    let mut source = server(ID, "ftp-legacy-1a", &[Protocol::Ftp]);
    source.endpoint_details = Some(EndpointDetails {
        vpc_id: Some("vpc-0000000a".into()),
        vpc_endpoint_id: Some("vpce-0123456789abcdef0".into()),
        subnet_ids: vec!["subnet-0000000a".into()],
        address_allocation_ids: Vec::new(),
    });
    source.identity_provider_details.function = Some(LAMBDA.into());
    app.update(Msg::Create(CreateMsg::Source {
        req,
        result: Ok(Box::new((source, vec!["sg-0000000a".into()]))),
    }));
    let form = pane(&app);
    assert_eq!(form.title(), format!("Clone {ID}"));
    assert_eq!(form.spec.name(), Some("ftp-legacy-1a-clone"));
    let EndpointSpec::Vpc(vpc) = &form.spec.endpoint else {
        panic!("VPC");
    };
    assert_eq!(vpc.security_group_ids, ["sg-0000000a"]);
    // The twin goes to the other zone.
    next_step(&mut app);
    pick(&mut app, "subnet-0000000a");
    pick(&mut app, "subnet-0000000c");
    assert_eq!(
        pane(&app).spec.vpc().unwrap().subnet_ids,
        ["subnet-0000000c"]
    );
}

#[test]
fn a_clone_come_online_opens_the_copy_of_its_originals_users() {
    let mut app = listed(false);
    let cmds = press(&mut app, KeyCode::Char('C'));
    let req = cmds
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::Create(CreateCmd::Source { req, .. }) => Some(*req),
            _ => None,
        })
        .expect("the source is read");
    app.update(Msg::Create(CreateMsg::Choices {
        req: choices_req(&cmds),
        choices: Box::new(choices(REGION)),
    }));
    let mut source = server(ID, "ftp-legacy-1a", &[Protocol::Sftp]);
    source.endpoint_details = None;
    source.identity_provider_details.function = Some(LAMBDA.into());
    app.update(Msg::Create(CreateMsg::Source {
        req,
        result: Ok(Box::new((source, Vec::new()))),
    }));
    while pane(&app).step < SUMMARY {
        next_step(&mut app);
    }
    assert_eq!(pane(&app).errors(), vec![]);
    let req = create_cmd(&press(&mut app, KeyCode::Char('y'))).expect("CreateServer");
    let twin = "s-0123456789abcdef9";
    let cmds = app.update(Msg::Create(CreateMsg::Created {
        req,
        result: Ok(twin.into()),
        afterwards: None,
    }));
    let poll = cmds
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::Create(CreateCmd::Poll { req, .. }) => Some(*req),
            _ => None,
        })
        .expect("followed");
    let cmds = app.update(Msg::Create(CreateMsg::Polled {
        req: poll,
        result: Ok(Box::new(server(
            twin,
            "ftp-legacy-1a-clone",
            &[Protocol::Sftp],
        ))),
    }));
    let (from, to) = cmds
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::UserCopy(crate::app::user_copy::UserCopyCmd::Survey { from, to, .. }) => {
                Some((from.clone(), to.clone()))
            }
            _ => None,
        })
        .expect("the copy's survey of both servers");
    assert_eq!((from.server_id.as_str(), to.server_id.as_str()), (ID, twin));
    assert_eq!(to.scope.region, REGION);
    assert!(matches!(app.stack.last(), Some(Pane::UserCopy(_))));
}

#[test]
fn another_region_reads_that_regions_pick_lists() {
    let mut app = new_form(false);
    pick(&mut app, "Region");
    for _ in 0..REGION.len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "eu-west-1");
    let cmds = press(&mut app, KeyCode::Enter);
    assert!(matches!(
        &cmds[..],
        [Cmd::Create(CreateCmd::Choices { region, .. })] if region == "eu-west-1"
    ));
    assert_eq!(pane(&app).region, "eu-west-1");
    // A typed region that is none is refused at the field.
    pick(&mut app, "Region");
    type_text(&mut app, "x");
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(app.notice.clone().unwrap().text.starts_with("Region:"));
    assert_eq!(pane(&app).region, "eu-west-1");
}

#[test]
fn esc_while_create_server_is_unanswered_keeps_the_form() {
    let mut app = new_form(false);
    for _ in 0..SUMMARY {
        next_step(&mut app);
    }
    press(&mut app, KeyCode::Char('y'));
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.stack.last(), Some(Pane::Create(_))));
    let shift_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert!(app.update(Msg::Key(shift_tab)).is_empty());
}

#[test]
fn c_on_the_server_detail_clones_that_server() {
    let mut app = listed(false);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.stack.last(), Some(Pane::ServerDetail(_))));
    let cmds = press(&mut app, KeyCode::Char('C'));
    assert!(
        cmds.iter().any(|cmd| matches!(
            cmd,
            Cmd::Create(CreateCmd::Source { server_id, .. }) if server_id == ID
        )),
        "{cmds:?}"
    );
    assert_eq!(pane(&app).title(), format!("Clone {ID}"));
}

#[test]
fn esc_while_following_leaves_the_new_server_to_the_list() {
    let mut app = new_form(false);
    for _ in 0..SUMMARY {
        next_step(&mut app);
    }
    let req = create_cmd(&press(&mut app, KeyCode::Char('y'))).expect("sent");
    app.update(Msg::Create(CreateMsg::Created {
        req,
        result: Ok("s-0123456789abcdef9".into()),
        afterwards: None,
    }));
    let cmds = press(&mut app, KeyCode::Esc);
    assert!(matches!(app.stack.last(), Some(Pane::Servers)));
    assert!(
        cmds.iter()
            .any(|cmd| matches!(cmd, Cmd::ListServers { .. })),
        "{cmds:?}"
    );
    assert_eq!(
        app.servers.select_after_listing.as_deref(),
        Some("s-0123456789abcdef9")
    );
}
