//! Letters about a request, in the request's language, each a printable page and a tagged
//! PDF (see [`crate::letters`]): the written denial (45 CFR 164.524(d): the basis, the
//! review right where it applies, how to complain to the practice and to HHS), shown to
//! staff and behind the tracking link; and the extension notice (164.524(b)(2)).

use sqlx::PgExecutor;
use uuid::Uuid;

use crate::config::Config;
use crate::domain::calendar::practice_date;
use crate::domain::denial::DenialGround;
use crate::domain::workflow::Status;
use crate::i18n::Lang;
use crate::letters::{Block, Letter, Letterhead};

/// The letter for a denied request, or `None` when the request was not denied.
pub async fn denial_letter(
    db: impl PgExecutor<'_>,
    request_id: Uuid,
    config: &Config,
) -> Result<Option<Letter>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select r.reference, r.denial_ground as "ground!", r.closed_reason, r.language,
                  q.name as requester_name,
                  (select max(h.at) from request_status_history h where h.request_id = r.id and h.to_status = $2) as "denied_at!"
           from requests r join requesters q on q.id = r.requester_id
           where r.id = $1 and r.status = $2 and r.denial_ground is not null"#,
        request_id,
        Status::Denied as _
    )
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let Some(ground) = DenialGround::parse(&row.ground) else {
        return Ok(None);
    };
    let lang = Lang::parse(&row.language).unwrap_or_default();
    let practice = &config.practice;
    let t = |id: &str| lang.t(id);
    let mut blocks = vec![
        Block::Fact(
            t("letter-date"),
            lang.long_date(practice_date(row.denied_at)),
        ),
        Block::Fact(t("letter-to"), row.requester_name),
        Block::Fact(
            t("letter-re"),
            lang.t_with("denial-re", &[("reference", &row.reference)]),
        ),
        Block::Paragraph(t("denial-reason")),
        Block::Paragraph(lang.label(ground)),
    ];
    blocks.extend(row.closed_reason.map(Block::Paragraph));
    let phone = [("phone", &practice.phone as &dyn std::fmt::Display)];
    if ground.is_reviewable() {
        blocks.push(Block::Heading(t("denial-review-heading")));
        blocks.push(Block::Paragraph(lang.t_with("denial-review", &phone)));
    } else {
        blocks.push(Block::Heading(t("denial-no-review-heading")));
        blocks.push(Block::Paragraph(t("denial-no-review")));
    }
    blocks.extend([
        Block::Heading(t("denial-complain-heading")),
        Block::Paragraph(lang.t_with(
            "denial-complain",
            &[
                ("address", &practice.address),
                ("phone", &practice.phone),
                ("email", &practice.records_email),
            ],
        )),
        Block::Paragraph(t("denial-hhs")),
        Block::Paragraph(t("denial-no-retaliation")),
        Block::language_help(practice, &config.base_url, lang),
    ]);
    Ok(Some(Letter {
        lang,
        title: t("denial-title"),
        letterhead: Letterhead::of(practice, lang),
        blocks,
    }))
}

/// The notice that the deadline was extended, or `None` when it was not.
pub async fn extension_letter(
    db: impl PgExecutor<'_>,
    request_id: Uuid,
    config: &Config,
) -> Result<Option<Letter>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select r.reference, r.language, r.legal_due_on, r.deadline_extended_at as "extended_at!",
                  r.extension_reason, q.name as requester_name
           from requests r join requesters q on q.id = r.requester_id
           where r.id = $1 and r.deadline_extended_at is not null"#,
        request_id
    )
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let lang = Lang::parse(&row.language).unwrap_or_default();
    let practice = &config.practice;
    let t = |id: &str| lang.t(id);
    let reason = row.extension_reason.unwrap_or_default();
    Ok(Some(Letter {
        lang,
        title: t("extension-title"),
        letterhead: Letterhead::of(practice, lang),
        blocks: vec![
            Block::Fact(
                t("letter-date"),
                lang.long_date(practice_date(row.extended_at)),
            ),
            Block::Fact(t("letter-to"), row.requester_name),
            Block::Fact(
                t("letter-re"),
                lang.t_with("denial-re", &[("reference", &row.reference)]),
            ),
            Block::Paragraph(lang.t_with("notice-extension-reason", &[("reason", &reason)])),
            Block::Paragraph(lang.t_with(
                "notice-extension-by",
                &[("date", &lang.long_date(row.legal_due_on))],
            )),
            Block::SmallPrint(t("extension-law")),
            Block::language_help(practice, &config.base_url, lang),
        ],
    }))
}

/// Opens the letter of a denied request for `actor`, recording the view as a disclosure
/// would be; 404 when the request was not denied.
pub async fn view_denial_letter(
    state: &crate::state::AppState,
    request_id: Uuid,
    actor: crate::audit::Actor,
    ip: Option<std::net::IpAddr>,
) -> crate::error::AppResult<Letter> {
    let letter = denial_letter(&state.db, request_id, &state.config)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let now = state.clock.now();
    crate::audit::record(
        &state.db,
        actor,
        "request.denial_letter_viewed",
        Some(request_id),
        ip,
        serde_json::json!({}),
        now,
    )
    .await?;
    Ok(letter)
}
