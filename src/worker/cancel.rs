//! Work the operator can cancel (a download, a probe): a token per request,
//! held while the work runs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio_util::sync::CancellationToken;

use crate::app::RequestId;

/// The cancellation tokens of the work running, by request.
#[derive(Clone, Default)]
pub struct Cancellable(Arc<Mutex<HashMap<RequestId, CancellationToken>>>);

impl Cancellable {
    /// The token for `req` (the one already registered, if any),
    /// cancelled by `cancel(req)` until `finish(req)`.
    pub fn start(&self, req: RequestId) -> CancellationToken {
        match self.0.lock() {
            Ok(mut map) => map.entry(req).or_default().clone(),
            Err(_) => CancellationToken::new(),
        }
    }

    pub fn finish(&self, req: RequestId) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(&req);
        }
    }

    pub fn cancel(&self, req: RequestId) {
        if let Ok(map) = self.0.lock()
            && let Some(token) = map.get(&req)
        {
            token.cancel();
        }
    }
}
