//! Staff accounts from the command line, for the first admin with no browser:
//! `create-staff` and `reset-staff-mfa`.

use super::{BoxError, migrate};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;

pub async fn create_staff(
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

pub async fn reset_staff_mfa(config: Config, email: String) -> Result<(), BoxError> {
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
