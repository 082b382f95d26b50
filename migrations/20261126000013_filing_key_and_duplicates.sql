-- A filing carries a one-time key from the review page, so a form sent again (Back, then
-- Send) lands on the first request instead of filing a second one.
alter table requests add column filing_key uuid unique;
-- A request that looks like one filed in the 14 days before it (same patient, records and
-- requester), for a clerk to withdraw or keep.
alter table requests add column possible_duplicate_of uuid references requests (id);
