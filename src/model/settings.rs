//! Where the console talks to: the profile, region and endpoint the
//! command line and the environment named, and how long a call may take.

use std::time::Duration;

/// Where the console talks to: what the command line and the environment said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsSettings {
    pub profile: Option<String>,
    pub region: Option<String>,
    /// An emulator or a VPC interface endpoint instead of AWS's public one.
    pub endpoint_url: Option<String>,
    /// How long one AWS call may take, retries included (`--aws-timeout`).
    pub call_timeout: CallTimeout,
}

/// The longest one AWS call may go unanswered, retries included, so that a
/// stalled connection neither holds a worker slot for minutes nor keeps
/// `doctor` in a cron job waiting for ever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallTimeout(pub Duration);

impl CallTimeout {
    /// 60 s: AWS's control-plane calls answer in well under a second, and a
    /// large ListSecrets or ListObjectsV2 page in a few; a minute is far
    /// beyond any healthy answer yet short enough for an operator to wait.
    pub const DEFAULT: Self = Self(Duration::from_secs(60));
}

impl Default for CallTimeout {
    fn default() -> Self {
        Self::DEFAULT
    }
}
