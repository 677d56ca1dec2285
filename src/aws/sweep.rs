//! What a sweep of several regions needs from the SDK: one profile's
//! configuration loaded once (its credentials resolved once, SSO included)
//! and a session per region from it, and the regions the account enabled.

use aws_config::{Region, SdkConfig};

use super::{AwsError, AwsSettings, Session};

/// One profile's configuration: its credentials, and its region if any.
pub struct ProfileConfig {
    config: SdkConfig,
    path_style: bool,
}

impl ProfileConfig {
    pub async fn load(settings: &AwsSettings) -> Self {
        Self {
            config: Session::load_config(settings).await,
            path_style: settings.endpoint_url.is_some(),
        }
    }

    /// The profile's configured region (`--profile a,b` without `--region`).
    pub fn region(&self) -> Option<String> {
        self.config.region().map(|region| region.to_string())
    }

    /// The clients of `region`, sharing the profile's credentials.
    pub fn session_in(&self, region: &str) -> Result<Session, AwsError> {
        let config = self
            .config
            .to_builder()
            .region(Region::new(region.to_string()))
            .build();
        Session::from_config(&config, self.path_style)
    }
}

/// A region as EC2 DescribeRegions (AllRegions) reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionStatus {
    pub name: String,
    /// `opt-in-not-required` or `opted-in`; not `not-opted-in`.
    pub enabled: bool,
}

/// Every region of the partition and whether the account enabled it.
pub async fn region_statuses(session: &Session) -> Result<Vec<RegionStatus>, AwsError> {
    let answer = session
        .ec2
        .describe_regions()
        .all_regions(true)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "ec2:DescribeRegions"))?;
    Ok(answer
        .regions()
        .iter()
        .filter_map(|region| {
            Some(RegionStatus {
                name: region.region_name()?.to_string(),
                enabled: region.opt_in_status() != Some("not-opted-in"),
            })
        })
        .collect())
}

/// The regions a sweep of `every` region lists for one profile.
#[derive(Debug)]
pub struct EnabledRegions {
    pub regions: Vec<String>,
    /// Opt-in regions the account has not enabled.
    pub skipped: Vec<String>,
    /// DescribeRegions was denied: every region is tried.
    pub unknown: Option<AwsError>,
}

/// `every` less the opt-in regions the account has not enabled, asked of
/// EC2 in the profile's region (else us-east-1, which every account has).
/// A region EC2 does not name is tried. Denied: every region, and why.
/// Any other failure (no credentials, an expired SSO token) is the
/// profile's: it can call nowhere.
pub async fn enabled_regions(
    config: &ProfileConfig,
    every: Vec<String>,
) -> Result<EnabledRegions, AwsError> {
    let home = config.region().unwrap_or_else(|| "us-east-1".to_string());
    let statuses = region_statuses(&config.session_in(&home)?).await;
    match statuses {
        Ok(statuses) => {
            let disabled = |region: &String| {
                statuses
                    .iter()
                    .any(|status| &status.name == region && !status.enabled)
            };
            let (skipped, regions) = every.into_iter().partition(disabled);
            Ok(EnabledRegions {
                regions,
                skipped,
                unknown: None,
            })
        }
        Err(error @ AwsError::AccessDenied { .. }) => Ok(EnabledRegions {
            regions: every,
            skipped: Vec::new(),
            unknown: Some(error),
        }),
        Err(err) => Err(err),
    }
}
