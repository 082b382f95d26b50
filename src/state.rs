//! The application state every handler can reach, built once at start-up. (`Site`, the page
//! chrome with its language, lives in [`crate::i18n`].)

use std::sync::Arc;

use axum::extract::FromRef;
use sqlx::PgPool;
use tokio::sync::Notify;

use crate::clock::Clock;
use crate::config::Config;
use crate::crypto::Signer;
use crate::domain::calendar::BusinessCalendar;
use crate::domain::fees::FeeSchedule;
use crate::error::StartupError;
use crate::sealing::MasterKey;
use crate::storage::FileStore;
use secrecy::ExposeSecret;

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub config: Arc<Config>,
    /// The shipped defaults; what is in effect comes from `practice`, which adds what
    /// admins keep in the database.
    pub fees: Arc<FeeSchedule>,
    pub calendar: Arc<BusinessCalendar>,
    pub files: FileStore,
    pub signer: Signer,
    /// Seals secrets at rest (TOTP secrets, the data keys of stored files).
    pub master_key: Arc<MasterKey>,
    pub clock: Arc<dyn Clock>,
    /// Wakes this instance's outbox worker after a commit that queued email.
    pub outbox_signal: Arc<Notify>,
    /// This instance's Prometheus metrics.
    pub metrics: Arc<crate::metrics::Metrics>,
}

/// Both `ring` (sqlx, lettre) and `aws-lc-rs` (the S3 client) are compiled in, so rustls
/// cannot pick a default by itself; choose ring once per process. Later calls do nothing.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl AppState {
    pub async fn new(
        config: Config,
        db: PgPool,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, StartupError> {
        let fees = FeeSchedule::from_toml(&read_data_file(&config.fee_schedule_file)?)?;
        let calendar = BusinessCalendar::from_toml(&read_data_file(&config.calendar_file)?)?;
        install_tls_provider();
        let signer = Signer::new(crate::secrets::shared_key(&db, "signing-key").await?);
        let configured = config
            .master_key
            .as_ref()
            .map(|k| k.expose_secret().to_owned());
        let master_key = Arc::new(MasterKey::load(
            configured.as_deref(),
            &config.master_key_file,
        )?);
        let files = FileStore::from_config(&config)?.encrypted(db.clone(), master_key.clone());
        Ok(AppState {
            db,
            config: Arc::new(config),
            fees: Arc::new(fees),
            calendar: Arc::new(calendar),
            files,
            signer,
            master_key,
            clock,
            outbox_signal: Arc::new(Notify::new()),
            metrics: Arc::new(crate::metrics::Metrics::new()),
        })
    }

    /// What every page's header and footer show.
    pub fn site(&self) -> Site {
        Site::from(&self.config.practice)
    }
}

pub use crate::i18n::Site;

impl FromRef<AppState> for PgPool {
    fn from_ref(state: &AppState) -> Self {
        state.db.clone()
    }
}

impl FromRef<AppState> for Site {
    fn from_ref(state: &AppState) -> Self {
        state.site()
    }
}

/// A data file the practice edits (the fee schedule, the calendar), read once at start-up.
fn read_data_file(path: &std::path::Path) -> Result<String, StartupError> {
    std::fs::read_to_string(path).map_err(|source| StartupError::DataFile {
        path: path.display().to_string(),
        source,
    })
}
