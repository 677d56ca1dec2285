//! A sweep: several regions and/or profiles listed at once (`--region all`,
//! `--region a,b`, `--profile a,b`), and the scope a row comes from.

use super::regions;

/// Where a row was listed: the profile (`None`: the default chain) and region.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope {
    pub profile: Option<String>,
    pub region: String,
}

/// A server named with the profile and region it lives in: what a user
/// copy goes from and to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScopedServer {
    pub scope: Scope,
    pub server_id: String,
}

impl Scope {
    /// The region a failed profile row shows when no region was reached
    /// (its credentials, or the list of its regions, failed).
    pub const EVERY_REGION: &'static str = "all";
}

/// Which regions a sweep lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regions {
    /// Every region with Transfer Family that the account has enabled.
    All,
    /// These, in this order.
    Listed(Vec<String>),
    /// Each profile's own configured region (`--profile a,b` alone).
    Configured,
}

/// What a sweep covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SweepPlan {
    /// `None`: the default credential chain.
    pub profiles: Vec<Option<String>>,
    pub regions: Regions,
}

impl SweepPlan {
    /// The sweep `--profile` and `--region` ask for; `None` when they name
    /// at most one profile and one region (the console as it always was).
    pub fn from_args(profile: Option<&str>, region: Option<&str>) -> Result<Option<Self>, String> {
        let profiles = match profile {
            Some(value) => parse_profiles(value)?.into_iter().map(Some).collect(),
            None => vec![None],
        };
        let regions = match region {
            Some(value) => parse_regions(value)?,
            None => Regions::Configured,
        };
        let several_regions = match &regions {
            Regions::All => true,
            Regions::Listed(list) => list.len() > 1,
            Regions::Configured => false,
        };
        Ok((several_regions || profiles.len() > 1).then_some(Self { profiles, regions }))
    }

    /// More than one profile: rows need an ACCOUNT column.
    pub fn several_profiles(&self) -> bool {
        self.profiles.len() > 1
    }
}

/// `all`, one region, or a comma list of regions (each checked, no repeats).
pub fn parse_regions(value: &str) -> Result<Regions, String> {
    if value.trim() == "all" {
        return Ok(Regions::All);
    }
    let mut listed: Vec<String> = Vec::new();
    for name in value.split(',').map(str::trim) {
        if !regions::is_region_name(name) {
            return Err(format!(
                "{name:?} is not a region name such as ap-northeast-1 (or `all`, or a comma list)"
            ));
        }
        if !listed.iter().any(|seen| seen == name) {
            listed.push(name.to_string());
        }
    }
    Ok(Regions::Listed(listed))
}

/// One profile or a comma list of them (no empty names, no repeats).
pub fn parse_profiles(value: &str) -> Result<Vec<String>, String> {
    let mut listed: Vec<String> = Vec::new();
    for name in value.split(',').map(str::trim) {
        if name.is_empty() || name.chars().any(char::is_whitespace) {
            return Err(format!(
                "{value:?}: a profile name, or a comma list of them"
            ));
        }
        if !listed.iter().any(|seen| seen == name) {
            listed.push(name.to_string());
        }
    }
    Ok(listed)
}

/// The account id in an ARN (`arn:aws:transfer:us-east-1:123456789012:…`).
pub fn account_of_arn(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|account| !account.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_profile_and_one_region_is_no_sweep() {
        assert_eq!(SweepPlan::from_args(None, None), Ok(None));
        assert_eq!(
            SweepPlan::from_args(Some("prod"), Some("eu-west-1")),
            Ok(None)
        );
    }

    #[test]
    fn all_lists_and_several_profiles_are_sweeps() {
        let all = SweepPlan::from_args(None, Some("all")).unwrap().unwrap();
        assert_eq!((all.profiles, all.regions), (vec![None], Regions::All));
        let two = SweepPlan::from_args(None, Some("ap-northeast-1, us-east-1,us-east-1"));
        assert_eq!(
            two.unwrap().unwrap().regions,
            Regions::Listed(vec!["ap-northeast-1".into(), "us-east-1".into()])
        );
        let profiles = SweepPlan::from_args(Some("a,b"), None).unwrap().unwrap();
        assert_eq!(profiles.profiles, [Some("a".into()), Some("b".into())]);
        assert_eq!(profiles.regions, Regions::Configured);
        assert!(profiles.several_profiles());
    }

    #[test]
    fn bad_names_are_refused_before_any_call() {
        assert!(SweepPlan::from_args(None, Some("us-east-1,tokyo")).is_err());
        assert!(SweepPlan::from_args(None, Some("us-east-1,")).is_err());
        assert!(SweepPlan::from_args(Some("a,,b"), None).is_err());
    }

    #[test]
    fn the_account_comes_from_the_arn() {
        assert_eq!(
            account_of_arn("arn:aws:transfer:us-east-1:123456789012:server/s-1"),
            Some("123456789012")
        );
        assert_eq!(account_of_arn("nonsense"), None);
    }
}
