//! The probe: what a client meets on the wire, tried from where the operator
//! stands. The other panes show what AWS says; this walks the client's path
//! (DNS, TCP, greeting, TLS, login, PASV, data channel, SSH host key) for
//! each address and protocol and gives every step a verdict.
//!
//! `plan` decides what to try from what the console knows, `run` tries it
//! (async, time-limited, cancellable), `report` turns the verdicts into an
//! operator's notes. Nothing here calls AWS.

pub mod cert;
pub mod consent;
mod ftp;
pub mod plan;
pub mod prepare;
pub mod report;
pub mod run;
mod ssh;
pub mod step;
mod tls;

pub use consent::{Consent, Exposure, Risk};
pub use plan::{Credentials, Password, ProbePlan, ServerFacts, Target};
pub use run::{ProbeEvent, run};
pub use step::{StepKind, StepResult, Verdict};
