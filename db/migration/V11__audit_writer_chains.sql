-- Writer chains (issue 11). Chains 0..7 stay the shared chains: rows appended inside a write's transaction
-- (and by a group writer that found no writer chain free) are inserted unlinked there and linked after by
-- the linkers (V9). Chains 8..15 are writer chains: each is leased by at most one group writer at a time
-- (a session-level advisory lock on the writer's own connection), which inserts its rows already linked
-- after the head it caches and moves the head in the same statement. No UPDATE of the rows, no head lock.

-- Genesis of the writer chains, as V3 seeded the shared ones.
INSERT INTO audit_chain_heads (chain, seq, hash)
SELECT g, 0, decode(repeat('00', 32), 'hex') FROM generate_series(8, 15) AS g;

-- Every chain has a head; a row on a writer chain is linked as it is inserted (no linker looks there).
-- NOT VALID then VALIDATE: the check of the existing rows takes no lock that blocks appends.
ALTER TABLE audit_events DROP CONSTRAINT audit_events_chain_known;
ALTER TABLE audit_events
  ADD CONSTRAINT audit_events_chain_known CHECK (chain BETWEEN 0 AND 15) NOT VALID,
  ADD CONSTRAINT audit_events_writer_chain_linked CHECK (chain < 8 OR chain_seq IS NOT NULL) NOT VALID;
ALTER TABLE audit_events VALIDATE CONSTRAINT audit_events_chain_known;
ALTER TABLE audit_events VALIDATE CONSTRAINT audit_events_writer_chain_linked;
