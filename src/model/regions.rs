//! The AWS regions where Transfer Family is offered: what the command line
//! completes (`:region <Tab>`) and what `--region all` sweeps. A region
//! missing here can still be typed in full.

/// The regions where AWS Transfer Family is offered, by partition: what
/// `:region <Tab>` completes and what `--region all` sweeps (the `aws`
/// partition only: other partitions take credentials of their own). Kept
/// true by a test against botocore's endpoint data.
pub const TRANSFER_REGIONS: &[(&str, Partition)] = &[
    ("af-south-1", Partition::Aws),
    ("ap-east-1", Partition::Aws),
    ("ap-east-2", Partition::Aws),
    ("ap-northeast-1", Partition::Aws),
    ("ap-northeast-2", Partition::Aws),
    ("ap-northeast-3", Partition::Aws),
    ("ap-south-1", Partition::Aws),
    ("ap-south-2", Partition::Aws),
    ("ap-southeast-1", Partition::Aws),
    ("ap-southeast-2", Partition::Aws),
    ("ap-southeast-3", Partition::Aws),
    ("ap-southeast-4", Partition::Aws),
    ("ap-southeast-5", Partition::Aws),
    ("ap-southeast-6", Partition::Aws),
    ("ap-southeast-7", Partition::Aws),
    ("ca-central-1", Partition::Aws),
    ("ca-west-1", Partition::Aws),
    ("eu-central-1", Partition::Aws),
    ("eu-central-2", Partition::Aws),
    ("eu-north-1", Partition::Aws),
    ("eu-south-1", Partition::Aws),
    ("eu-south-2", Partition::Aws),
    ("eu-west-1", Partition::Aws),
    ("eu-west-2", Partition::Aws),
    ("eu-west-3", Partition::Aws),
    ("il-central-1", Partition::Aws),
    ("me-central-1", Partition::Aws),
    ("me-south-1", Partition::Aws),
    ("mx-central-1", Partition::Aws),
    ("sa-east-1", Partition::Aws),
    ("us-east-1", Partition::Aws),
    ("us-east-2", Partition::Aws),
    ("us-west-1", Partition::Aws),
    ("us-west-2", Partition::Aws),
    ("cn-north-1", Partition::China),
    ("cn-northwest-1", Partition::China),
    ("us-gov-east-1", Partition::GovCloud),
    ("us-gov-west-1", Partition::GovCloud),
    ("eusc-de-east-1", Partition::EuropeanSovereign),
];

/// An AWS partition: a set of regions one set of credentials reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partition {
    Aws,
    China,
    GovCloud,
    EuropeanSovereign,
}

impl Partition {
    /// The partition's name in AWS's endpoint data (`aws-us-gov`).
    pub fn as_str(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::China => "aws-cn",
            Partition::GovCloud => "aws-us-gov",
            Partition::EuropeanSovereign => "aws-eusc",
        }
    }
}

/// Every region with Transfer Family, for completion.
pub const REGIONS: &[&str] = &{
    let mut names = [""; TRANSFER_REGIONS.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = TRANSFER_REGIONS[i].0;
        i += 1;
    }
    names
};

/// The regions `--region all` sweeps: Transfer Family's regions in the
/// `aws` partition.
pub fn all_regions() -> Vec<String> {
    TRANSFER_REGIONS
        .iter()
        .filter(|(_, partition)| *partition == Partition::Aws)
        .map(|(name, _)| name.to_string())
        .collect()
}

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

    /// The list matches botocore's endpoint data (the emulator's venv holds
    /// botocore): every region with a `transfer` endpoint, per partition,
    /// FIPS and deprecated endpoints aside.
    #[test]
    fn transfer_regions_match_botocore_endpoint_data() {
        let data = botocore_endpoints().expect(
            "botocore's endpoints.json under .venv/lib/python*/site-packages (run `make venv`)",
        );
        let data: serde_json::Value = serde_json::from_str(&data).expect("endpoints.json is JSON");
        let mut from_botocore = Vec::new();
        for partition in data["partitions"].as_array().expect("partitions") {
            let name = partition["partition"].as_str().expect("partition name");
            let Some(endpoints) = partition["services"]["transfer"]["endpoints"].as_object() else {
                continue;
            };
            for (region, endpoint) in endpoints {
                if endpoint.get("deprecated").is_none() && !region.starts_with("fips") {
                    from_botocore.push(format!("{name} {region}"));
                }
            }
        }
        let mut ours: Vec<String> = TRANSFER_REGIONS
            .iter()
            .map(|(region, partition)| format!("{} {region}", partition.as_str()))
            .collect();
        from_botocore.sort();
        ours.sort();
        assert_eq!(ours, from_botocore);
        assert_eq!(REGIONS.len(), TRANSFER_REGIONS.len());
        assert!(
            all_regions()
                .iter()
                .all(|r| !r.starts_with("us-gov-") && !r.starts_with("cn-"))
        );
    }

    fn botocore_endpoints() -> Option<String> {
        let lib = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/lib");
        std::fs::read_dir(lib).ok()?.flatten().find_map(|python| {
            let path = python
                .path()
                .join("site-packages/botocore/data/endpoints.json");
            std::fs::read_to_string(path).ok()
        })
    }
}
