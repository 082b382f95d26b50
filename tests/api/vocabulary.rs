//! One source of truth for the vocabulary: every enum the database stores as text has
//! exactly the values its column's CHECK constraint allows, as the migrations leave it.

use std::collections::BTreeSet;

use records_portal::domain::denial::DenialGround;
use records_portal::domain::request::{DeliveryMethod, Purpose, RecordKind, RequesterType};
use records_portal::domain::workflow::Status;
use sqlx::PgPool;

/// The quoted values of a constraint or index predicate: `'a'::text, 'b'::text` -> {a, b}.
fn quoted_values(definition: &str) -> BTreeSet<String> {
    definition
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The values the CHECK constraint on `table.column` allows, after every migration.
async fn allowed(db: &PgPool, table: &str, column: &str) -> BTreeSet<String> {
    let definitions: Vec<String> = sqlx::query_scalar(
        "select pg_get_constraintdef(c.oid) from pg_constraint c
          where c.contype = 'c' and c.conrelid = $1::regclass
            and pg_get_constraintdef(c.oid) like '%(' || $2 || ' = ANY%'",
    )
    .bind(table)
    .bind(column)
    .fetch_all(db)
    .await
    .unwrap();
    assert_eq!(
        definitions.len(),
        1,
        "one CHECK constraint lists {table}.{column}"
    );
    quoted_values(&definitions[0])
}

fn codes<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str) -> BTreeSet<String> {
    all.iter().map(|v| code(*v).to_owned()).collect()
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn every_stored_enum_matches_its_check_constraint(db: PgPool) {
    let cases = [
        ("requests", "status", codes(Status::ALL, Status::code)),
        (
            "requests",
            "delivery_method",
            codes(DeliveryMethod::ALL, DeliveryMethod::code),
        ),
        (
            "disclosures",
            "method",
            codes(DeliveryMethod::ALL, DeliveryMethod::code),
        ),
        (
            "request_record_kinds",
            "kind",
            codes(RecordKind::ALL, RecordKind::code),
        ),
        (
            "requests",
            "requester_type",
            codes(RequesterType::ALL, RequesterType::code),
        ),
        (
            "requesters",
            "requester_type",
            codes(RequesterType::ALL, RequesterType::code),
        ),
        ("requests", "purpose", codes(Purpose::ALL, Purpose::code)),
        (
            "requests",
            "denial_ground",
            codes(DenialGround::ALL, DenialGround::code),
        ),
    ];
    for (table, column, expected) in cases {
        assert_eq!(
            allowed(&db, table, column).await,
            expected,
            "{table}.{column}: the enum and the migration's CHECK list differ"
        );
    }
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_queue_index_covers_exactly_the_open_statuses(db: PgPool) {
    let definition: String =
        sqlx::query_scalar("select indexdef from pg_indexes where indexname = 'requests_queue'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(
        quoted_values(&definition),
        codes(Status::OPEN, Status::code)
    );
}

/// The dashboard's open-by-day rollup counts exactly the workflow's open statuses.
#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_open_by_day_rollup_counts_exactly_the_open_statuses(db: PgPool) {
    let definition: String =
        sqlx::query_scalar("select pg_get_functiondef('dashboard_count_open'::regproc)")
            .fetch_one(&db)
            .await
            .unwrap();
    let listed = &definition[definition.find("array[").unwrap()..];
    let listed = &listed[..listed.find(']').unwrap()];
    assert_eq!(quoted_values(listed), codes(Status::OPEN, Status::code));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_unknown_code_in_a_column_is_a_decode_error_not_a_default(db: PgPool) {
    let decoded: Result<Status, _> = sqlx::query_scalar("select 'lost'::text")
        .fetch_one(&db)
        .await;
    assert!(decoded.is_err());
    let kinds: Vec<RecordKind> =
        sqlx::query_scalar("select array['mri_images', 'lab_reports']::text[]")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(kinds, [RecordKind::MriImages, RecordKind::LabReports]);
}
