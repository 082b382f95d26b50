-- An email is not retried forever: after a number of attempts or an age it is marked failed
-- (an admin retries it or gives it up from /staff/admin/emails). Giving up erases the bodies,
-- which carry bearer links, as sending does.
alter table email_outbox
    add column failed_at timestamptz,
    add column given_up_at timestamptz,
    -- An admin's retry starts the age limit again.
    add column retried_at timestamptz,
    drop constraint email_outbox_check,
    add constraint email_outbox_bodies_until_done
        check (sent_at is not null or given_up_at is not null or (text_body is not null and html_body is not null));
drop index email_outbox_due;
create index email_outbox_due on email_outbox (next_attempt_at)
    where sent_at is null and failed_at is null and given_up_at is null;
create index email_outbox_failed on email_outbox (failed_at)
    where failed_at is not null and given_up_at is null and sent_at is null;
