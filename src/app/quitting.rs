//! Quitting while a restart is between its stop and its start would leave
//! the server OFFLINE: `q`, Ctrl-C and `:quit` ask first, and the answer
//! that comes by habit (Enter, Esc, n, another `q`) keeps the console
//! running so the restart finishes. Only `y` quits.

use crossterm::event::{KeyCode, KeyEvent};

use super::{App, PowerPlan};

/// The question on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuitQuestion {
    /// The servers a quit would leave stopped.
    pub servers: Vec<String>,
}

impl QuitQuestion {
    pub fn title(&self) -> &'static str {
        "Quit during a restart?"
    }

    /// What quitting now would do, in the operator's words.
    pub fn lines(&self) -> Vec<String> {
        let servers = self.servers.join(", ");
        let (is, it) = if self.servers.len() == 1 {
            ("is", "it")
        } else {
            ("are", "them")
        };
        vec![
            format!(
                "the restart of {servers} {is} between stop and start: quit anyway, \
                 leaving {it} OFFLINE?"
            ),
            String::new(),
            "Enter, Esc or n: stay until the restart has finished.".to_string(),
        ]
    }
}

impl App {
    /// `q`, Ctrl-C, `:quit`: quits, or asks first when a restart has
    /// stopped (or is stopping) a server AWS has not accepted to start again.
    pub(super) fn request_quit(&mut self) {
        let servers: Vec<String> = self
            .power
            .flows
            .iter()
            .filter(|flow| flow.plan == PowerPlan::Restart && !flow.start_accepted)
            .map(|flow| flow.server_id.clone())
            .collect();
        if servers.is_empty() {
            self.should_quit = true;
        } else {
            self.quit_question = Some(QuitQuestion { servers });
        }
    }

    /// Keys while the question is open: it takes every key.
    pub(super) fn quit_question_key(&mut self, key: &KeyEvent) -> bool {
        if self.quit_question.is_none() {
            return false;
        }
        self.quit_question = None;
        if key.code == KeyCode::Char('y') {
            self.should_quit = true;
        } else {
            self.notify(
                super::NoticeLevel::Info,
                "staying: the restart goes on (q asks again)",
            );
        }
        true
    }
}
