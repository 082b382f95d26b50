//! The command line: `serve` (default), `migrate`, `seed-demo`.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use clap::{Parser, Subcommand};
use lettre::message::Mailbox;
use secrecy::ExposeSecret;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use tokio::sync::watch;

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::domain::calendar::practice_date;
use crate::email::Mailer;
use crate::email::outbox::{GiveUp, OutboxWorker};
use crate::intake::{Arrival, NewRequest, file_request, sample};
use crate::{MIGRATOR, build_router, rate_limit, telemetry};

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

type BoxError = Box<dyn std::error::Error + Send + Sync>;

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
            Command::Serve => serve(config).await,
            Command::Migrate => migrate(&config).await.map(|_| ()),
            Command::SeedDemo { count } => seed_demo(config, count).await,
            Command::CreateStaff {
                email,
                name,
                role,
                password_file,
            } => create_staff(config, email, name, role, password_file).await,
            Command::ImportSummaries { dir } => import_summaries(config, dir).await,
            Command::ResetStaffMfa { email } => reset_staff_mfa(config, email).await,
            Command::Audit {
                command: AuditCommand::Verify,
            } => verify_audit(config).await,
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

async fn connect(config: &Config) -> Result<PgPool, BoxError> {
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
        .connect_with(options)
        .await?;
    Ok(pool)
}

async fn migrate(config: &Config) -> Result<PgPool, BoxError> {
    let pool = connect(config).await?;
    MIGRATOR.run(&pool).await?;
    tracing::info!(
        migrations = MIGRATOR.iter().count(),
        "database schema is up to date"
    );
    Ok(pool)
}

async fn serve(config: Config) -> Result<(), BoxError> {
    let pool = migrate(&config).await?;
    let mailer = Mailer::from_config(config.smtp_url.as_ref(), &config.mail_dir)?;
    let from: Mailbox = config.mail_from.parse()?;
    let listen_addr = config.listen_addr;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let state = crate::app::start_state(config, pool.clone(), clock.clone()).await?;

    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let worker = OutboxWorker {
        db: pool.clone(),
        mailer,
        from,
        clock: clock.clone(),
        signal: state.outbox_signal.clone(),
        poll_every: Duration::from_secs(5),
        give_up: GiveUp {
            after_attempts: state.config.email_give_up_attempts,
            after_age: time::Duration::hours(state.config.email_give_up_hours),
        },
    };
    let worker = tokio::spawn(worker.run(shutdown_rx.clone()));
    // Staging files only exist in a local store; S3 cleans up after a lifecycle rule.
    let staging_dir = state
        .config
        .storage_url
        .is_none()
        .then(|| state.config.storage_dir.clone());
    let janitor = tokio::spawn(housekeeping(pool, clock, staging_dir, shutdown_rx));

    let listener = tokio::net::TcpListener::bind(listen_addr).await?;
    tracing::info!(address = %listen_addr, "serving");
    axum::serve(
        listener,
        build_router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("HTTP server stopped; finishing background work");
    let _ = shutdown_tx.send(true);
    let _ = tokio::join!(worker, janitor);
    Ok(())
}

/// Hourly: expired rate-limit windows, and staging files of uploads abandoned a day ago.
async fn housekeeping(
    pool: PgPool,
    clock: Arc<dyn Clock>,
    staging_dir: Option<std::path::PathBuf>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        if let Err(error) = rate_limit::prune(&pool, clock.now()).await {
            tracing::warn!(%error, "could not prune rate-limit windows");
        }
        if let Some(dir) = staging_dir.clone() {
            let day = Duration::from_secs(86_400);
            match tokio::task::spawn_blocking(move || crate::storage::sweep_staging(&dir, day))
                .await
            {
                Ok(Ok(swept)) if swept.files > 0 => {
                    tracing::info!(
                        files = swept.files,
                        bytes = swept.bytes,
                        "removed abandoned upload staging files"
                    );
                }
                Ok(Ok(_)) => {}
                Ok(Err(error)) => tracing::warn!(%error, "could not sweep upload staging files"),
                Err(error) => tracing::warn!(%error, "the staging sweep stopped"),
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(3600)) => {}
            _ = shutdown.changed() => return,
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received");
}

async fn import_summaries(config: Config, dir: std::path::PathBuf) -> Result<(), BoxError> {
    let pool = migrate(&config).await?;
    let state = crate::app::start_state(config, pool, Arc::new(SystemClock)).await?;
    let report = crate::portal::import::import_dir(&state, &dir).await?;
    println!("imported {} visit summaries", report.imported);
    for (line, why) in &report.skipped {
        println!("skipped line {line}: {why}");
    }
    if report.skipped.is_empty() {
        Ok(())
    } else {
        Err(format!("{} lines skipped", report.skipped.len()).into())
    }
}

async fn seed_demo(config: Config, count: u32) -> Result<(), BoxError> {
    let pool = migrate(&config).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let state = crate::app::start_state(config, pool, clock.clone()).await?;
    let today = practice_date(clock.now());
    let forms = [
        sample::patient_form(),
        sample::attorney_form(),
        sample::provider_form(),
    ];
    for i in 0..count {
        let form = &forms[(i as usize) % forms.len()];
        let request =
            NewRequest::parse(form, today).map_err(|e| format!("sample form invalid: {e:?}"))?;
        let arrival = Arrival {
            ip: None,
            user_agent: Some("seed-demo"),
            filing_key: None,
        };
        file_request(&state, &request, &[], &arrival, false, None).await?;
    }
    tracing::info!(count, "demo requests added");
    Ok(())
}

async fn create_staff(
    config: Config,
    email: String,
    name: String,
    role: String,
    password_file: Option<std::path::PathBuf>,
) -> Result<(), BoxError> {
    let password = match password_file {
        Some(path) => std::fs::read_to_string(path)?
            .trim_end_matches(['\r', '\n'])
            .to_owned(),
        None => rpassword::prompt_password("Password for the new account: ")?,
    };
    let form = crate::forms::FormValues::new(vec![
        ("email".into(), email),
        ("name".into(), name),
        ("role".into(), role),
        ("password".into(), password),
    ]);
    let new = crate::staff::admin::NewStaff::parse(&form).map_err(|errors| {
        errors
            .iter()
            .map(|(field, message)| format!("{field}: {message}"))
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let pool = migrate(&config).await?;
    match crate::staff::admin::create_account(&pool, new).await? {
        Some(id) => {
            crate::audit::record(
                &pool,
                crate::audit::Actor::System,
                "staff.created",
                None,
                None,
                serde_json::json!({ "staff": id, "via": "cli" }),
                SystemClock.now(),
            )
            .await?;
            println!("created staff account {id}");
            Ok(())
        }
        None => Err("an account with this email address already exists".into()),
    }
}

async fn reset_staff_mfa(config: Config, email: String) -> Result<(), BoxError> {
    let pool = migrate(&config).await?;
    let email = crate::domain::contact::lookup_email(&email).ok_or("not an email address")?;
    let account = crate::staff::accounts::find_by_email(&pool, &email)
        .await?
        .ok_or("no staff account has this email address")?;
    let now = SystemClock.now();
    let mut tx = pool.begin().await?;
    crate::staff::lockout::reset(&mut tx, account.id, now).await?;
    crate::staff::lockout::unlock(&mut *tx, account.id).await?;
    crate::audit::record(
        &mut *tx,
        crate::audit::Actor::System,
        "staff.second_factor_reset",
        None,
        None,
        serde_json::json!({ "staff": account.id, "via": "cli" }),
        now,
    )
    .await?;
    tx.commit().await?;
    println!("reset the second factor of {email}: they set it up again at their next sign-in");
    Ok(())
}

async fn verify_audit(config: Config) -> Result<(), BoxError> {
    let pool = connect(&config).await?;
    let report = crate::audit::verify_chain(&pool).await?;
    if report.broken.is_empty() {
        println!(
            "audit log intact: {} rows, hash chain verified",
            report.rows
        );
        Ok(())
    } else {
        Err(format!(
            "audit log chain broken at rows {:?} (of {})",
            report.broken, report.rows
        )
        .into())
    }
}
