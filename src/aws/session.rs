//! Loading AWS configuration and building the service clients.
//!
//! Credentials always come from aws-config's default chain (environment,
//! shared config and SSO, CloudShell's container endpoint, instance roles):
//! the console never reads credential files itself.

pub use crate::model::settings::{AwsSettings, CallTimeout};
use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};

use super::AwsError;

impl CallTimeout {
    /// The SDK's timeouts. Each attempt gets half of the whole, so that a
    /// stalled connection is given up in time for one retry on a fresh one
    /// (the usual cure) within the bound; the same half limits the wait for
    /// the first byte of an answer. Connecting to AWS takes milliseconds: 10 s
    /// at most, or the attempt's share when that is shorter.
    pub fn sdk_config(self) -> TimeoutConfig {
        let attempt = self.0 / 2;
        TimeoutConfig::builder()
            .operation_timeout(self.0)
            .operation_attempt_timeout(attempt)
            .read_timeout(attempt)
            .connect_timeout(attempt.min(Duration::from_secs(10)))
            .build()
    }
}

/// The service clients for one profile and region.
#[derive(Clone, Debug)]
pub struct Session {
    pub region: String,
    pub transfer: aws_sdk_transfer::Client,
    pub secrets: aws_sdk_secretsmanager::Client,
    pub s3: aws_sdk_s3::Client,
    pub ec2: aws_sdk_ec2::Client,
    pub sts: aws_sdk_sts::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    pub lambda: aws_sdk_lambda::Client,
    pub iam: aws_sdk_iam::Client,
    pub acm: aws_sdk_acm::Client,
    pub route53: aws_sdk_route53::Client,
}

impl Session {
    /// Loads the shared configuration. This may read files and ask the
    /// instance metadata service, so it runs in a worker, never on the UI loop.
    pub async fn connect(settings: &AwsSettings) -> Result<Self, AwsError> {
        let config = Self::load_config(settings).await;
        // Emulators and most S3-compatible endpoints cannot serve
        // virtual-hosted bucket names, so an overridden endpoint goes path-style.
        Self::from_config(&config, settings.endpoint_url.is_some())
    }

    /// The shared configuration of `settings`, loaded (credentials are
    /// resolved lazily, on the first call).
    pub async fn load_config(settings: &AwsSettings) -> SdkConfig {
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(profile) = &settings.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &settings.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(url) = &settings.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        // Also bounds the credential providers' calls (SSO, IMDS, CloudShell).
        loader = loader.timeout_config(settings.call_timeout.sdk_config());
        loader.load().await
    }

    /// Builds the clients from a loaded configuration. `path_style` is for
    /// endpoints that cannot serve virtual-hosted bucket names.
    pub fn from_config(config: &SdkConfig, path_style: bool) -> Result<Self, AwsError> {
        let region = config
            .region()
            .map(|region| region.to_string())
            .ok_or(AwsError::NoRegion)?;

        let s3_config = aws_sdk_s3::config::Builder::from(config)
            .force_path_style(path_style)
            .build();

        Ok(Self {
            region,
            transfer: aws_sdk_transfer::Client::new(config),
            secrets: aws_sdk_secretsmanager::Client::new(config),
            s3: aws_sdk_s3::Client::from_conf(s3_config),
            ec2: aws_sdk_ec2::Client::new(config),
            sts: aws_sdk_sts::Client::new(config),
            logs: aws_sdk_cloudwatchlogs::Client::new(config),
            lambda: aws_sdk_lambda::Client::new(config),
            iam: aws_sdk_iam::Client::new(config),
            acm: aws_sdk_acm::Client::new(config),
            route53: aws_sdk_route53::Client::new(config),
        })
    }

    /// The account the credentials belong to, so nobody changes the wrong one.
    pub async fn account_id(&self) -> Result<String, AwsError> {
        let identity = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|err| AwsError::classify(err, "sts:GetCallerIdentity"))?;
        Ok(identity.account().unwrap_or("unknown").to_string())
    }
}
