-- A filing carries a one-time key from the review page, so a form sent again (Back, then
-- Send) lands on the first request instead of filing a second one.
alter table requests add column filing_key uuid unique;
-- A request that looks like one filed in the 14 days before it (same patient, records and
-- requester), for a clerk to withdraw or keep. A hint, not a foreign key: a key here would
-- make every update of a request take a share lock on the earlier one, and two clerks
-- pricing the two at once deadlocked on it (requests are never deleted, so it cannot dangle).
alter table requests add column possible_duplicate_of uuid;
