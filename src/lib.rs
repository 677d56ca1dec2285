//! transfer-console: a terminal console for AWS Transfer Family.
//!
//! The UI never waits for AWS: `tui` runs the loop, `app` holds the state and
//! its pure `update`, `worker` runs AWS calls in tasks, `aws` is the only
//! module that touches the SDK, `model` holds plain domain types, and `ui`
//! draws. docs/architecture.md tells the whole story.
#![deny(clippy::unwrap_used)]

pub mod app;
pub mod audit;
pub mod aws;
pub mod cli;
pub mod doctor;
pub mod editor;
pub mod logging;
pub mod logs_command;
pub mod model;
pub mod osc52;
pub mod private_file;
pub mod probe;
pub mod shutdown;
pub mod tmux_clipboard;
pub mod tui;
pub mod ui;
pub mod worker;
