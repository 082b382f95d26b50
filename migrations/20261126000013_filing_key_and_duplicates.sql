-- A filing carries a one-time key from the review page, so a form sent again (Back, then
-- Send) lands on the first request instead of filing a second one.
alter table requests add column filing_key uuid unique;
-- A request that looks like one filed in the 14 days before it (same patient, records and
-- requester), for a clerk to withdraw or keep. A hint, not a foreign key: a key here would
-- make every update of a request take a share lock on the earlier one, and two clerks
-- pricing the two at once deadlocked on it (requests are never deleted, so it cannot dangle).
alter table requests add column possible_duplicate_of uuid;
-- What makes two requests alike (patient's name and date of birth, requester's email, the
-- records), hashed, so finding the earlier one is one index probe however many there are.
alter table requests add column duplicate_key bytea check (length(duplicate_key) = 32);
create index requests_by_duplicate_key on requests (duplicate_key, received_at desc)
    where duplicate_key is not null;
