//! The lettre transport chosen by configuration: SMTP when `SMTP_URL` is set, else files.

use std::path::Path;
use std::time::Duration;

use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};

/// lettre's own timeout covers only connecting; the whole send is bounded here.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>),
}

/// Why a send failed, in words safe to log and store: never the server's reply text,
/// which may quote the recipient's address.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the SMTP URL is invalid")]
    Config,
    #[error("the mail server did not answer in time")]
    Timeout,
    #[error("the mail server refused the message permanently")]
    Permanent,
    #[error("the mail server refused the message for now")]
    Transient,
    #[error("could not reach the mail server")]
    Connection,
    #[error("could not write the message file")]
    File,
}

impl Mailer {
    pub fn from_config(
        smtp_url: Option<&SecretString>,
        mail_dir: &Path,
    ) -> Result<Self, MailError> {
        match smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .map_err(|_| MailError::Config)?
                    .timeout(Some(SEND_TIMEOUT))
                    .build();
                Ok(Mailer::Smtp(transport))
            }
            None => {
                std::fs::create_dir_all(mail_dir).map_err(|_| MailError::File)?;
                Ok(Mailer::File(AsyncFileTransport::<Tokio1Executor>::new(
                    mail_dir,
                )))
            }
        }
    }

    pub async fn send(&self, message: Message) -> Result<(), MailError> {
        match self {
            Mailer::Smtp(smtp) => tokio::time::timeout(SEND_TIMEOUT, smtp.send(message))
                .await
                .map_err(|_| MailError::Timeout)?
                .map(|_| ())
                .map_err(|e| {
                    if e.is_permanent() {
                        MailError::Permanent
                    } else if e.is_transient() {
                        MailError::Transient
                    } else if e.is_timeout() {
                        MailError::Timeout
                    } else {
                        MailError::Connection
                    }
                }),
            Mailer::File(file) => tokio::time::timeout(SEND_TIMEOUT, file.send(message))
                .await
                .map_err(|_| MailError::Timeout)?
                .map(|_| ())
                .map_err(|_| MailError::File),
        }
    }
}
