//! What a server costs to keep. AWS bills each enabled protocol per hour for
//! as long as the server exists, stopped or not.

/// USD per protocol endpoint-hour in most regions (Tokyo and N. Virginia).
pub const DEFAULT_HOURLY_RATE_USD: f64 = 0.30;

/// AWS's pricing pages count a month as 730 hours.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Hourly rates per protocol endpoint, set per region (`--hourly-rate
/// ap-northeast-1=0.30`) or for every region (`--hourly-rate 0.30`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rates {
    pub by_region: std::collections::BTreeMap<String, f64>,
    pub everywhere: Option<f64>,
}

impl Rates {
    /// Takes `USD` or `REGION=USD`.
    pub fn parse_entry(&mut self, text: &str) -> Result<(), String> {
        let (region, usd) = match text.split_once('=') {
            Some((region, usd)) => (Some(region.trim()), usd),
            None => (None, text),
        };
        let rate: f64 = usd
            .trim()
            .parse()
            .ok()
            .filter(|rate: &f64| rate.is_finite() && *rate >= 0.0)
            .ok_or_else(|| {
                format!("{text:?} is not USD per hour such as 0.30 or ap-northeast-1=0.30")
            })?;
        match region {
            Some(region) if !region.is_empty() => {
                self.by_region.insert(region.to_string(), rate);
            }
            Some(_) => return Err(format!("{text:?} has no region before '='")),
            None => self.everywhere = Some(rate),
        }
        Ok(())
    }

    pub fn for_region(&self, region: &str) -> f64 {
        self.by_region
            .get(region)
            .copied()
            .or(self.everywhere)
            .unwrap_or(DEFAULT_HOURLY_RATE_USD)
    }
}

/// The monthly cost of a server with `protocols` enabled protocols.
pub fn monthly_usd(protocols: usize, hourly_rate_usd: f64) -> f64 {
    protocols as f64 * hourly_rate_usd * HOURS_PER_MONTH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_rate_beats_the_general_one_which_beats_the_default() {
        let mut rates = Rates::default();
        assert_eq!(rates.for_region("eu-west-1"), DEFAULT_HOURLY_RATE_USD);
        rates.parse_entry("0.40").unwrap();
        rates.parse_entry("ap-northeast-1=0.35").unwrap();
        assert_eq!(rates.for_region("ap-northeast-1"), 0.35);
        assert_eq!(rates.for_region("eu-west-1"), 0.40);
        for bad in ["x", "=0.3", "-1", "ap-northeast-1=NaN"] {
            assert!(rates.parse_entry(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn one_protocol_costs_about_two_hundred_dollars_a_month() {
        assert_eq!(monthly_usd(1, DEFAULT_HOURLY_RATE_USD).round(), 219.0);
        assert_eq!(monthly_usd(2, DEFAULT_HOURLY_RATE_USD).round(), 438.0);
        assert_eq!(monthly_usd(0, DEFAULT_HOURLY_RATE_USD), 0.0);
    }
}
