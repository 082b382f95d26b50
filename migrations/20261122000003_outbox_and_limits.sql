-- Email outbox: written in the transaction that causes the email, sent by a worker.
create table email_outbox (
    id uuid primary key,
    message_id text not null unique,
    kind text not null,
    request_id uuid references requests (id),
    recipient text not null,
    subject text not null,
    -- Bodies carry bearer links, so they are erased once the message is delivered.
    text_body text,
    html_body text,
    attempts integer not null default 0,
    next_attempt_at timestamptz not null,
    last_error text,
    sent_at timestamptz,
    created_at timestamptz not null default now(),
    check (sent_at is not null or (text_body is not null and html_body is not null))
);
create index email_outbox_due on email_outbox (next_attempt_at) where sent_at is null;

-- Fixed-window counters for rate limits shared by every instance. Keys are hashed.
create table rate_limit_windows (
    bucket text not null,
    key_hash bytea not null,
    window_start timestamptz not null,
    hits integer not null,
    primary key (bucket, key_hash, window_start)
);
