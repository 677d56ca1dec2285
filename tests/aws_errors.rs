//! Errors said in one sentence: what failed and why, never the SDK's dump
//! (that goes to the log). Against a loopback server that is not AWS.

use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, future};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use transfer_console::aws::{self, Session};

/// A loopback HTTP server that answers every request with a plain 404, as a
/// wrong `--endpoint-url` (or a proxy) would.
async fn plain_404() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = vec![0; 65536];
                let _ = stream.read(&mut buffer).await;
                let _ = stream
                    .write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\
                          Content-Length: 22\r\nConnection: close\r\n\r\n<h1>404 Not Found</h1>",
                    )
                    .await;
            });
        }
    });
    url
}

async fn session(url: &str, credentials: impl ProvideCredentials + 'static) -> Session {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("ap-northeast-1"))
        .endpoint_url(url)
        .credentials_provider(credentials)
        .load()
        .await;
    Session::from_config(&config, true).expect("session")
}

#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Err(CredentialsError::not_loaded(
            "no providers in chain provided credentials",
        )))
    }
}

fn one_sentence(said: &str) {
    for dump in [
        "ResponseError",
        "unhandled",
        "ProviderError",
        "raw:",
        "Response {",
    ] {
        assert!(!said.contains(dump), "{said}");
    }
    assert!(said.len() < 200, "{said}");
}

#[tokio::test]
async fn an_endpoint_answering_plain_http_404_is_named_not_dumped() {
    let url = plain_404().await;
    let creds = aws_credential_types::Credentials::new("testing", "testing", None, None, "t");
    let session = session(&url, creds).await;
    let err = aws::transfer::list_servers(&session)
        .await
        .expect_err("not AWS");
    let said = err.to_string();
    assert_eq!(
        said,
        "transfer:ListServers failed: HTTP 404: the answer is not from an AWS service: \
         check the endpoint (--endpoint-url) and any proxy"
    );
    one_sentence(&said);
}

#[tokio::test]
async fn no_credentials_is_one_sentence() {
    let url = plain_404().await;
    let session = session(&url, NoCredentials).await;
    let err = aws::transfer::list_servers(&session)
        .await
        .expect_err("no credentials");
    assert!(err.is_setup_problem(), "{err:?}");
    let said = err.to_string();
    assert_eq!(
        said,
        "no usable AWS credentials: none found in the environment, the profile or an instance role"
    );
    one_sentence(&said);
}
