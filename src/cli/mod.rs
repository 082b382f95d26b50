//! The command line: `serve` (default), `migrate`, and the operator's commands; each
//! command's work is in the module named for its area.

mod accounts;
mod data;
mod serve;

use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

use clap::{Parser, Subcommand};
use secrecy::ExposeSecret;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgPool};

use crate::config::Config;
use crate::{MIGRATOR, telemetry};

#[derive(Parser)]
#[command(
    name = "records-portal",
    version,
    about = "Health-records request portal"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations, then serve HTTP and send queued email (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Add sample requests (fictitious people) for a demonstration.
    SeedDemo {
        #[arg(long, default_value_t = 3)]
        count: u32,
    },
    /// Create a staff account (the first admin, for instance). The password is read from
    /// the terminal without echo, or from --password-file.
    CreateStaff {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// clerk, reviewer or admin
        #[arg(long, default_value = "admin")]
        role: String,
        #[arg(long)]
        password_file: Option<std::path::PathBuf>,
    },
    /// Forget a staff member's second factor and unlock the account (a lost phone, or the
    /// first admin locked out); they set it up again at their next sign-in.
    ResetStaffMfa {
        #[arg(long)]
        email: String,
    },
    /// Attach visit summaries in bulk from DIR/manifest.csv
    /// (email,date_of_birth,visit_date,file,title per line, after a header line).
    ImportSummaries { dir: std::path::PathBuf },
    /// Encrypt the files stored before encryption at rest (each is copied, checked against
    /// its SHA-256, switched over, then the plaintext removed). Safe to run again.
    EncryptExisting,
    /// Re-wrap every file's data key and re-seal every TOTP secret under the first key in
    /// MASTER_KEY (list the old key after it until this has run). Files are not rewritten.
    RotateKey,
    /// Read every stored file back (decrypting it) and compare it with its SHA-256: after a
    /// restore, or as a periodic integrity check.
    VerifyFiles,
    /// Audit-log tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain and report the first rows that do not match.
    Verify,
}

pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

pub fn main() -> ExitCode {
    crate::state::install_tls_provider();
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve::serve(config).await,
            Command::Migrate => migrate(&config).await.map(|_| ()),
            Command::SeedDemo { count } => data::seed_demo(config, count).await,
            Command::CreateStaff {
                email,
                name,
                role,
                password_file,
            } => accounts::create_staff(config, email, name, role, password_file).await,
            Command::ImportSummaries { dir } => data::import_summaries(config, dir).await,
            Command::EncryptExisting => data::encrypt_existing(config).await,
            Command::RotateKey => data::rotate_key(config).await,
            Command::VerifyFiles => data::verify_files(config).await,
            Command::ResetStaffMfa { email } => accounts::reset_staff_mfa(config, email).await,
            Command::Audit {
                command: AuditCommand::Verify,
            } => data::verify_audit(config).await,
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "records-portal stopped");
            ExitCode::FAILURE
        }
    }
}

/// A pooled connection idle longer than this is pinged before use.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(1);

pub(crate) async fn connect(config: &Config) -> Result<PgPool, BoxError> {
    let options = PgConnectOptions::from_str(config.database_url.expose_secret())?
        // JIT compilation costs 100-300 ms per query and pays off only for long analytic
        // scans; every query here is a short indexed lookup whose cost estimate can still
        // cross `jit_above_cost` on a large table.
        .options([("jit", "off")]);
    let pool = PgPoolOptions::new()
        .max_connections(20)
        // Fail fast with a 503 when the database is away, instead of hanging requests:
        // well inside the 3 s a person (or a load balancer) should wait for an answer.
        .acquire_timeout(Duration::from_secs(2))
        // sqlx pings every connection it hands out by default: a round trip per query,
        // which was a third of a staff page's time. Only a connection that sat idle long
        // enough for the server to have gone away (a restart, a failover) is pinged first.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > IDLE_BEFORE_PING {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .connect_with(options)
        .await?;
    Ok(pool)
}

pub(crate) async fn migrate(config: &Config) -> Result<PgPool, BoxError> {
    let pool = connect(config).await?;
    MIGRATOR.run(&pool).await?;
    tracing::info!(
        migrations = MIGRATOR.iter().count(),
        "database schema is up to date"
    );
    Ok(pool)
}
