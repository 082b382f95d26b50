-- The dashboard and the timeliness report read requests by the day they arrived, and the
-- moment each was first answered (released, completed or denied) or released.
create index requests_by_received_on on requests (received_on);
create index request_status_history_answers on request_status_history (request_id, at)
    where to_status in ('released', 'completed', 'denied');
create index request_status_history_releases on request_status_history (at)
    where to_status = 'released';
