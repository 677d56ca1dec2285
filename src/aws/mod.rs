//! The only place that touches the AWS SDK. Every function returns the
//! console's own `model` types and classified [`AwsError`]s; pagination lives
//! here too.

pub mod access;
mod convert;
mod convert_users;
pub mod create;
pub mod ec2;
mod ec2_convert;
pub mod error;
pub mod host_keys;
pub mod iam;
pub mod lambda;
pub mod lifecycle;
pub mod logs;
pub mod profiles;
pub mod route53;
pub mod s3;
pub mod secrets;
pub mod session;
pub mod sweep;
pub mod tags;
pub mod transfer;
pub mod user_copy;

pub use error::AwsError;
pub use session::{AwsSettings, CallTimeout, Session};
