-- The practice's rules as admins keep them (SPEC 1, 4, 5): fee-schedule versions with the
-- day each takes effect, and the days the office is closed (or open on a state holiday).
-- The shipped files stay the defaults: the server registers the shipped schedule here at
-- start-up, so every version a request was ever priced under can be read back.

create table fee_schedules (
    version text primary key check (length(version) between 1 and 40),
    effective_on date not null unique,
    per_page_cents bigint not null check (per_page_cents >= 0),
    patient_cap_cents bigint not null check (patient_cap_cents >= 0),
    secure_link_cents bigint not null check (secure_link_cents >= 0),
    cd_cents bigint not null check (cd_cents >= 0),
    -- Null for the schedule shipped with the software.
    created_by uuid references staff (id),
    created_at timestamptz not null default now()
);

create table practice_days (
    day date primary key,
    -- closed: not a business day; open: a state holiday on which the office works.
    kind text not null check (kind in ('closed', 'open')),
    reason text not null check (length(reason) between 1 and 200),
    created_by uuid not null references staff (id),
    created_at timestamptz not null default now()
);
