//! `y`: what to copy from the pane on top. One obvious thing is copied at
//! once; several (a server's id, ARN and hostnames) are offered in a small
//! chooser. The text goes out as `TerminalCmd::Copy`, which the loop writes
//! as OSC 52, as the users pane's password copy does.

use crossterm::event::{KeyCode, KeyEvent};

use super::TerminalCmd;
use super::{App, Cmd, Load, NoticeLevel, Pane};
use crate::model::password::Password;

/// The chooser: labelled texts and the one selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyChoice {
    /// (what it is, the text copied)
    pub options: Vec<(&'static str, String)>,
    pub selected: usize,
}

impl App {
    /// `y` on a pane that has something to copy.
    pub(super) fn copy_selected(&mut self) -> Vec<Cmd> {
        let mut options = self.copy_options();
        match options.len() {
            0 => {
                self.notify(NoticeLevel::Info, "nothing to copy here yet");
                Vec::new()
            }
            1 => {
                let (_, text) = options.remove(0);
                self.copy(text)
            }
            _ => {
                self.copy_choice = Some(CopyChoice {
                    options,
                    selected: 0,
                });
                Vec::new()
            }
        }
    }

    /// Keys while the chooser is open: it takes every key.
    pub(super) fn copy_choice_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let choice = self.copy_choice.as_mut()?;
        let last = choice.options.len().saturating_sub(1);
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => choice.selected = choice.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => choice.selected = (choice.selected + 1).min(last),
            KeyCode::Enter | KeyCode::Char('y') => {
                let pick = choice.options.get(choice.selected).map(|(_, t)| t.clone());
                self.copy_choice = None;
                if let Some(text) = pick {
                    return Some(self.copy(text));
                }
            }
            KeyCode::Char(digit @ '1'..='9') => {
                let index = usize::from(digit as u8 - b'1');
                let pick = choice.options.get(index).map(|(_, t)| t.clone());
                if let Some(text) = pick {
                    self.copy_choice = None;
                    return Some(self.copy(text));
                }
            }
            KeyCode::Esc => self.copy_choice = None,
            _ => {}
        }
        Some(Vec::new())
    }

    fn copy(&mut self, text: String) -> Vec<Cmd> {
        self.notify(NoticeLevel::Info, format!("copied {text}"));
        vec![Cmd::Terminal(TerminalCmd::Copy {
            text: Password(text),
        })]
    }

    fn copy_options(&self) -> Vec<(&'static str, String)> {
        match self.pane() {
            Pane::Servers => self
                .servers
                .selected()
                .map(|row| vec![("server id", row.summary.id.clone())])
                .unwrap_or_default(),
            Pane::ServerDetail(detail) => {
                let Some(row) = self
                    .servers
                    .rows
                    .iter()
                    .find(|row| row.summary.id == detail.server_id)
                else {
                    return Vec::new();
                };
                let mut options = Vec::new();
                if let Some(server) = row.server() {
                    if let Some(host) = server.custom_hostname() {
                        options.push(("custom hostname", host.to_string()));
                    }
                    if let Some(host) = server.public_hostname(self.region().unwrap_or_default()) {
                        options.push(("public hostname", host));
                    }
                    let vpce = server
                        .endpoint_details
                        .as_ref()
                        .and_then(|details| details.vpc_endpoint_id.clone());
                    if let Some(vpce) = vpce {
                        options.push(("VPC endpoint id", vpce));
                    }
                }
                options.push(("server id", row.summary.id.clone()));
                options.push(("ARN", row.summary.arn.clone()));
                options
            }
            Pane::Endpoint(endpoint) => match &endpoint.endpoint {
                Load::Loaded(vpce) => vpce
                    .dns_names
                    .iter()
                    .map(|name| ("DNS name", name.clone()))
                    .chain(std::iter::once(("VPC endpoint id", vpce.id.clone())))
                    .collect(),
                _ => Vec::new(),
            },
            // The command is what a finding is copied for: one key, no chooser.
            Pane::Doctor(doctor) => doctor
                .selected()
                .map(
                    |finding| match finding.fix.as_ref().and_then(|fix| fix.cli.clone()) {
                        Some(cli) => vec![("fix command", cli)],
                        None => vec![("resource", finding.resource.clone())],
                    },
                )
                .unwrap_or_default(),
            Pane::Provider(pane) => pane
                .fix()
                .map(|fix| vec![("add-permission command", fix.cli_command())])
                .unwrap_or_default(),
            Pane::Access(pane) => match &pane.report {
                Load::Loaded(report) => report
                    .role_arn
                    .clone()
                    .map(|arn| vec![("role ARN", arn)])
                    .unwrap_or_default(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}
