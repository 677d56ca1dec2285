//! The identity provider's side of a failed login: the Lambda's events
//! nearest it, those naming the user first, then by time.

use super::StoredEvent;

/// How far from the failure a Lambda event may be and still be shown.
const NEAR_MS: i64 = 5 * 60_000;

/// Up to `n` of `lambda`'s events within five minutes of `failure`, those
/// whose message names the failure's user first, then the nearest in time;
/// shown oldest first.
pub fn nearest_lambda_events<'a>(
    lambda: &'a [StoredEvent],
    failure: &StoredEvent,
    n: usize,
) -> Vec<&'a StoredEvent> {
    let user = failure.user.as_deref().filter(|user| !user.is_empty());
    let mut near: Vec<(bool, i64, &StoredEvent)> = lambda
        .iter()
        .filter_map(|event| {
            let distance = (event.timestamp_ms - failure.timestamp_ms).abs();
            (distance <= NEAR_MS).then(|| {
                let names_user = user.is_some_and(|user| event.raw().contains(user));
                (!names_user, distance, event)
            })
        })
        .collect();
    near.sort_by_key(|(other_user, distance, _)| (*other_user, *distance));
    let mut chosen: Vec<&StoredEvent> = near.into_iter().take(n).map(|(.., e)| e).collect();
    chosen.sort_by_key(|event| event.timestamp_ms);
    chosen
}
