//! What a server costs to keep. AWS bills each enabled protocol per hour for
//! as long as the server exists, stopped or not.

/// USD per protocol endpoint-hour in most regions (Tokyo and N. Virginia).
pub const DEFAULT_HOURLY_RATE_USD: f64 = 0.30;

/// AWS's pricing pages count a month as 730 hours.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// The monthly cost of a server with `protocols` enabled protocols.
pub fn monthly_usd(protocols: usize, hourly_rate_usd: f64) -> f64 {
    protocols as f64 * hourly_rate_usd * HOURS_PER_MONTH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_protocol_costs_about_two_hundred_dollars_a_month() {
        assert_eq!(monthly_usd(1, DEFAULT_HOURLY_RATE_USD).round(), 219.0);
        assert_eq!(monthly_usd(2, DEFAULT_HOURLY_RATE_USD).round(), 438.0);
        assert_eq!(monthly_usd(0, DEFAULT_HOURLY_RATE_USD), 0.0);
    }
}
