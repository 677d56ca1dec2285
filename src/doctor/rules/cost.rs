//! Rule `cost`: what each server costs a month; a stopped server is still
//! billed.

use crate::doctor::{Finding, Severity};
use crate::model::{Server, ServerState, cost};

pub fn check(server: &Server, hourly_rate_usd: f64) -> Finding {
    let protocols = server.protocols.len();
    let monthly = cost::monthly_usd(protocols, hourly_rate_usd);
    let stopped = server.summary.state == ServerState::Offline;
    let title = if stopped {
        format!("costs about ${monthly:.0} a month although it is stopped")
    } else {
        format!("costs about ${monthly:.0} a month")
    };
    Finding::new("cost", Severity::Info, server.id(), title).evidence(format!(
        "{protocols} protocol endpoint(s) × ${hourly_rate_usd:.2}/hour × {:.0} hours, billed while the server exists",
        cost::HOURS_PER_MONTH
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::rules::testing::ftp_vpc;

    #[test]
    fn a_stopped_server_is_still_billed() {
        let mut server = ftp_vpc(vec![]).server;
        assert_eq!(check(&server, 0.30).title, "costs about $219 a month");
        server.summary.state = ServerState::Offline;
        assert!(
            check(&server, 0.30)
                .title
                .contains("although it is stopped")
        );
    }
}
