//! Runs the tags view's commands; a failed change is judged by the tags
//! read again.

use super::Worker;
use crate::app::Msg;
use crate::app::managed_users::Afterwards;
use crate::app::tags::{TagsCmd, TagsMsg};
use crate::aws::{self, AwsError, Session};
use crate::model::tags::TagChange;

pub(super) async fn run(worker: &Worker, cmd: TagsCmd) -> Msg {
    let msg = match cmd {
        TagsCmd::List { req, arn } => TagsMsg::Listed {
            req,
            result: worker
                .with_session(|session| aws::tags::list_tags(session, &arn))
                .await,
        },
        TagsCmd::Change {
            req,
            server_id,
            arn,
            change,
        } => {
            let (result, afterwards) = match worker.session().await {
                Ok(session) => change_and_judge(session, &arn, &change).await,
                Err(err) => (Err(err), None),
            };
            TagsMsg::Changed {
                req,
                server_id,
                change,
                result,
                afterwards,
            }
        }
    };
    Msg::Tags(msg)
}

async fn change_and_judge(
    session: &Session,
    arn: &str,
    change: &TagChange,
) -> (Result<(), AwsError>, Option<Afterwards>) {
    let result = match change {
        TagChange::Set { key, value, .. } => {
            aws::tags::tag_resource(session, arn, key, value).await
        }
        TagChange::Remove { key, .. } => aws::tags::untag_resource(session, arn, key).await,
    };
    let afterwards = match &result {
        Err(err) if !err.is_setup_problem() && !super::host_keys::is_refusal(err) => {
            Some(match aws::tags::list_tags(session, arn).await {
                Ok(tags) if change.is_in(&tags) => Afterwards::ChangedAnyway,
                Ok(_) => Afterwards::Unchanged,
                Err(reread) => Afterwards::Unknown(reread),
            })
        }
        _ => None,
    };
    (result, afterwards)
}
