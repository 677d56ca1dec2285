//! What a rule reports.

use serde::Serialize;

/// Ordered most severe first, so sorting puts errors on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// A stable id for scripts and docs/troubleshooting.md, e.g. `ports`.
    pub rule: &'static str,
    pub severity: Severity,
    /// The server id or secret name the finding is about.
    pub resource: String,
    /// What is wrong, in one sentence.
    pub title: String,
    /// The values seen that show it.
    pub evidence: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fix {
    /// What to do, in words.
    pub advice: String,
    /// The equivalent AWS CLI command, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cli: Option<String>,
    /// The change the console can start from the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<FixAction>,
}

/// A change the console can make for a finding, started from the Doctor pane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FixAction {
    SetTlsSessionResumption {
        server_id: String,
        mode: String,
    },
    EditPassiveIp {
        server_id: String,
    },
    StartServer {
        server_id: String,
    },
    /// The console's list of orphaned user secrets, to delete them with a
    /// recovery window.
    ReviewOrphanSecrets,
    /// The identity provider view of the server, whose `f` adds the
    /// missing Lambda permission.
    AddLambdaPermission {
        server_id: String,
    },
    /// The user's edit form (`e`) in its server's users pane, where the
    /// Role is set.
    EditUserSecret {
        server_id: String,
        /// The secret's full name.
        name: String,
    },
}

impl Finding {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        resource: &str,
        title: impl Into<String>,
    ) -> Self {
        Self {
            rule,
            severity,
            resource: resource.to_string(),
            title: title.into(),
            evidence: Vec::new(),
            fix: None,
        }
    }

    pub fn evidence(mut self, line: impl Into<String>) -> Self {
        self.evidence.push(line.into());
        self
    }

    pub fn fix(
        mut self,
        advice: impl Into<String>,
        cli: Option<String>,
        action: Option<FixAction>,
    ) -> Self {
        self.fix = Some(Fix {
            advice: advice.into(),
            cli,
            action,
        });
        self
    }
}
