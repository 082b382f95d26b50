//! `records-portal serve`: the HTTP server, the outbox worker and the hourly housekeeping,
//! until a shutdown signal.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use tokio::sync::watch;

use super::{BoxError, migrate};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::email::Mailer;
use crate::email::outbox::{GiveUp, OutboxWorker};
use crate::{build_router, rate_limit};

pub async fn serve(config: Config) -> Result<(), BoxError> {
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
    let janitor = tokio::spawn(housekeeping(state.clone(), clock, staging_dir, shutdown_rx));

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

/// Hourly: expired rate-limit windows, released copies past the retention period, finished
/// objects no row names, and staging files of uploads abandoned a day ago.
async fn housekeeping(
    state: crate::state::AppState,
    clock: Arc<dyn Clock>,
    staging_dir: Option<std::path::PathBuf>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        if let Err(error) = rate_limit::prune(&state.db, clock.now()).await {
            tracing::warn!(%error, "could not prune rate-limit windows");
        }
        match crate::files::retention::purge_released(&state, clock.now()).await {
            Ok(purged) if purged.files > 0 => tracing::info!(
                files = purged.files,
                bytes = purged.bytes,
                "purged released copies past the retention period"
            ),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "could not purge released copies"),
        }
        match crate::files::retention::sweep_orphans(&state, clock.now()).await {
            Ok(removed) if removed > 0 => {
                tracing::info!(files = removed, "removed finished objects no row names")
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "could not sweep orphan objects"),
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
