-- Searching the queue by patient name finds a handful of patients through the trigram index
-- and then needs their requests; without this index PostgreSQL hashed every open request.
-- Issue 5's portal ("my requests") reads requests by patient the same way.
create index requests_by_patient on requests (patient_id);

-- Superseded by requests_queue (same order plus the id tie-breaker, and its predicate names
-- the open statuses the queue query asks for).
drop index requests_open_by_deadline;
