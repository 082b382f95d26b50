//! Settings read from the environment once at start-up (documented in `.env.example`).

use std::net::SocketAddr;
use std::path::PathBuf;

use secrecy::SecretString;

/// Everything the server needs to know about its surroundings. `Debug` redacts secrets.
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: SecretString,
    pub listen_addr: SocketAddr,
    /// The origin put into emailed links; never taken from the Host header.
    pub base_url: String,
    /// `smtp://`, `smtps://` or `smtp://...?tls=required` URL; unset writes `.eml` files.
    pub smtp_url: Option<SecretString>,
    pub mail_from: String,
    pub mail_dir: PathBuf,
    pub storage_dir: PathBuf,
    pub fee_schedule_file: PathBuf,
    pub calendar_file: PathBuf,
    pub practice: Practice,
    /// Take the client address from the last `X-Forwarded-For` hop (behind a proxy only).
    pub trust_proxy_headers: bool,
    pub submit_limit_per_hour: u32,
    pub upload_max_bytes: usize,
    /// Files staff upload for release (DICOM studies run to hundreds of megabytes).
    pub release_max_bytes: u64,
    /// Where files live: unset for `storage_dir`, or `s3://bucket/prefix`.
    pub storage_url: Option<String>,
    /// The `AWS_*` variables (credentials, region, endpoint) for an S3 store.
    pub storage_env: Vec<(String, SecretString)>,
    pub download_link_days: i64,
    pub download_limit: i32,
    pub log_format: LogFormat,
    /// Requests handled at once; more wait up to `admission_wait`, then get a 503.
    pub max_concurrent_requests: usize,
    pub admission_wait: std::time::Duration,
    /// `ID:BASE64`, the key that seals secrets at rest; else read from `master_key_file`.
    pub master_key: Option<SecretString>,
    pub master_key_file: PathBuf,
    /// An email is marked failed after this many refusals by the mail server...
    pub email_give_up_attempts: i32,
    /// ...or this many hours after it was queued, whatever the reason.
    pub email_give_up_hours: i64,
    /// Bearer token for `GET /metrics` from anywhere but loopback; unset: loopback only.
    pub metrics_token: Option<SecretString>,
    /// Released copies are purged this many days after the request is completed.
    pub retention_days: i64,
}

/// How the practice names itself on pages, emails and letters.
#[derive(Debug, Clone)]
pub struct Practice {
    pub name: String,
    pub phone: String,
    pub address: String,
    pub records_email: String,
    /// "How to pay" as printed on invoices.
    pub payment_instructions: String,
    /// The start page's links to where else records may be, and who answers third parties.
    pub elsewhere: Elsewhere,
}

/// Where else records may be and who answers third parties' questions (practices that use a
/// release-of-information service publish its name, phone, hours and email). Links are
/// configuration with the state's current addresses as defaults.
#[derive(Debug, Clone)]
pub struct Elsewhere {
    pub dph_records_url: String,
    pub connie_url: String,
    pub law_library_url: String,
    /// Unset: the practice's own records office answers.
    pub third_party_name: Option<String>,
    pub third_party_phone: Option<String>,
    pub third_party_hours: Option<String>,
    pub third_party_email: Option<String>,
}

const DPH_RECORDS_URL: &str = "https://portal.ct.gov/dph/practitioner-licensing--investigations/plis/access-to-medical-records";
const CONNIE_URL: &str = "https://conniect.org/";
const LAW_LIBRARY_URL: &str = "https://www.jud.ct.gov/lawlib/law/healthcare.htm";

impl Elsewhere {
    fn from_env() -> Self {
        Elsewhere {
            dph_records_url: var_or("LINK_DPH_RECORDS", DPH_RECORDS_URL),
            connie_url: var_or("LINK_CONNIE", CONNIE_URL),
            law_library_url: var_or("LINK_LAW_LIBRARY", LAW_LIBRARY_URL),
            third_party_name: var("THIRD_PARTY_CONTACT_NAME"),
            third_party_phone: var("THIRD_PARTY_CONTACT_PHONE"),
            third_party_hours: var("THIRD_PARTY_CONTACT_HOURS"),
            third_party_email: var("THIRD_PARTY_CONTACT_EMAIL"),
        }
    }

    pub fn defaults() -> Self {
        Elsewhere {
            dph_records_url: DPH_RECORDS_URL.into(),
            connie_url: CONNIE_URL.into(),
            law_library_url: LAW_LIBRARY_URL.into(),
            third_party_name: None,
            third_party_phone: None,
            third_party_hours: None,
            third_party_email: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} must be set")]
    Missing(&'static str),
    #[error("{name} is not valid: {why}")]
    Invalid { name: &'static str, why: String },
}

fn var(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn var_or(name: &'static str, default: &str) -> String {
    var(name).unwrap_or_else(|| default.to_owned())
}

fn parsed<T: std::str::FromStr>(name: &'static str, default: &str) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    var_or(name, default)
        .parse()
        .map_err(|e: T::Err| ConfigError::Invalid {
            name,
            why: e.to_string(),
        })
}

/// The master key of [`Config::for_tests`]; never for a real installation.
pub const TEST_MASTER_KEY: &str = "test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

impl Config {
    /// The FHIR API's base address: `BASE_URL` + `/fhir` (also the `aud` apps must name).
    pub fn fhir_base(&self) -> String {
        format!("{}/fhir", self.base_url.trim_end_matches('/'))
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        let listen_addr: SocketAddr = parsed("LISTEN_ADDR", "127.0.0.1:8080")?;
        let base_url = var_or("BASE_URL", &format!("http://{listen_addr}"));
        let base_url = base_url.trim_end_matches('/').to_owned();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(ConfigError::Invalid {
                name: "BASE_URL",
                why: "must start with http:// or https://".into(),
            });
        }
        let log_format = match var_or("LOG_FORMAT", "pretty").as_str() {
            "json" => LogFormat::Json,
            "pretty" => LogFormat::Pretty,
            other => {
                return Err(ConfigError::Invalid {
                    name: "LOG_FORMAT",
                    why: format!("{other:?} is neither json nor pretty"),
                });
            }
        };
        Ok(Config {
            database_url: var("DATABASE_URL")
                .ok_or(ConfigError::Missing("DATABASE_URL"))?
                .into(),
            listen_addr,
            base_url,
            smtp_url: var("SMTP_URL").map(SecretString::from),
            mail_from: var_or("MAIL_FROM", "Records Office <records@localhost>"),
            mail_dir: var_or("MAIL_DIR", "var/mail").into(),
            storage_dir: var_or("STORAGE_DIR", "var/files").into(),
            fee_schedule_file: var_or("FEE_SCHEDULE_FILE", "config/fee-schedule.toml").into(),
            calendar_file: var_or("CALENDAR_FILE", "config/calendar.toml").into(),
            practice: Practice {
                name: var_or(
                    "PRACTICE_NAME",
                    "Shoreline Orthopaedic & Neurosurgery Group",
                ),
                phone: var_or("PRACTICE_PHONE", "(203) 555-0142"),
                address: var_or("PRACTICE_ADDRESS", "100 Harbor Street, New Haven, CT 06511"),
                records_email: var_or("PRACTICE_RECORDS_EMAIL", "records@localhost"),
                payment_instructions: var_or("PRACTICE_PAYMENT_INSTRUCTIONS", ""),
                elsewhere: Elsewhere::from_env(),
            },
            trust_proxy_headers: parsed("TRUST_PROXY_HEADERS", "false")?,
            submit_limit_per_hour: parsed("SUBMIT_LIMIT_PER_HOUR", "20")?,
            upload_max_bytes: parsed::<usize>("UPLOAD_MAX_MB", "10")? * 1024 * 1024,
            release_max_bytes: parsed::<u64>("RELEASE_MAX_MB", "2048")? * 1024 * 1024,
            storage_url: var("STORAGE_URL"),
            storage_env: std::env::vars()
                .filter(|(name, _)| name.starts_with("AWS_"))
                .map(|(name, value)| (name, SecretString::from(value)))
                .collect(),
            download_link_days: parsed("DOWNLOAD_LINK_DAYS", "30")?,
            download_limit: parsed("DOWNLOAD_LIMIT", "5")?,
            email_give_up_attempts: parsed("EMAIL_GIVE_UP_ATTEMPTS", "10")?,
            email_give_up_hours: parsed("EMAIL_GIVE_UP_HOURS", "72")?,
            metrics_token: var("METRICS_TOKEN").map(SecretString::from),
            retention_days: parsed("RETENTION_DAYS", "90")?,
            log_format,
            max_concurrent_requests: parsed::<usize>("MAX_CONCURRENT_REQUESTS", "32")?.max(1),
            admission_wait: std::time::Duration::from_millis(parsed("ADMISSION_WAIT_MS", "100")?),
            master_key: var("MASTER_KEY").map(SecretString::from),
            master_key_file: var_or("MASTER_KEY_FILE", "var/master.key").into(),
        })
    }

    /// The host of the base URL, for Message-IDs.
    pub fn message_domain(&self) -> String {
        let host = self.base_url.split("://").nth(1).unwrap_or("localhost");
        host.split(['/', ':'])
            .next()
            .unwrap_or("localhost")
            .to_owned()
    }

    /// A configuration for tests: everything local, nothing read from the environment.
    pub fn for_tests(database_url: &str, scratch: &std::path::Path) -> Self {
        Config {
            database_url: database_url.to_owned().into(),
            listen_addr: "127.0.0.1:0".parse().expect("valid address"),
            base_url: "http://portal.test".into(),
            smtp_url: None,
            mail_from: "Records Office <records@portal.test>".into(),
            mail_dir: scratch.join("mail"),
            storage_dir: scratch.join("files"),
            fee_schedule_file: "config/fee-schedule.toml".into(),
            calendar_file: "config/calendar.toml".into(),
            practice: Practice {
                name: "Test Orthopaedics".into(),
                phone: "(203) 555-0100".into(),
                address: "1 Test Street, Hartford, CT 06103".into(),
                records_email: "records@portal.test".into(),
                payment_instructions: String::new(),
                elsewhere: Elsewhere::defaults(),
            },
            trust_proxy_headers: false,
            submit_limit_per_hour: 1000,
            upload_max_bytes: 10 * 1024 * 1024,
            release_max_bytes: 64 * 1024 * 1024,
            storage_url: None,
            storage_env: Vec::new(),
            download_link_days: 30,
            download_limit: 5,
            email_give_up_attempts: 10,
            email_give_up_hours: 72,
            metrics_token: Some("test-metrics-token".to_owned().into()),
            retention_days: 90,
            log_format: LogFormat::Pretty,
            max_concurrent_requests: 64,
            admission_wait: std::time::Duration::from_millis(250),
            master_key: Some(TEST_MASTER_KEY.to_owned().into()),
            master_key_file: scratch.join("master.key"),
        }
    }
}
