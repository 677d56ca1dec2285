//! The AWS regions the command line completes (`:region <Tab>`). A region
//! missing here can still be typed in full: the list only helps typing.

pub const REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

/// Whether `name` is shaped like a region (`ap-northeast-1`): lowercase
/// words and a final number, so a typo is caught before any call.
pub fn is_region_name(name: &str) -> bool {
    name.split('-').count() >= 3
        && name.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && name.ends_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_region_is_well_formed() {
        assert!(REGIONS.iter().all(|r| is_region_name(r)));
        assert!(!is_region_name("tokyo"));
        assert!(!is_region_name("ap-northeast"));
        assert!(!is_region_name("AP-NORTHEAST-1"));
    }
}
