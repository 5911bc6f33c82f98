-- The outbox is a queue: every row is inserted, updated two or three times and then left. With the default
-- scale factors (vacuum after 20 % of the table changed, analyse after 10 %) a burst leaves the pending index
-- full of entries of rows already sent, which every claim steps over, and statistics that no longer say how
-- many rows wait. Vacuum and analyse it after 1 % instead (plus the fixed thresholds).
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.01);
