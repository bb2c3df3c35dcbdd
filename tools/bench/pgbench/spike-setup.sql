-- A sketch of the redesign, for measuring only: an append-only charge row and a prepaid balance
-- kept as counters (one row, or N slots an organisation's requests spread over), no ledger
-- entries in the request path (they would be posted in batches behind it).
CREATE SCHEMA IF NOT EXISTS spike;
CREATE TABLE IF NOT EXISTS spike.charges (id uuid PRIMARY KEY, organisation_id uuid NOT NULL, request_id text NOT NULL UNIQUE, amount_vnd bigint NOT NULL, occurred_at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS spike.balance_slots (organisation_id uuid, slot int, balance_vnd bigint NOT NULL, PRIMARY KEY (organisation_id, slot));
INSERT INTO spike.balance_slots SELECT '00000000-0000-0000-0000-000000000001', s, 1000000000000 FROM generate_series(0, 15) s ON CONFLICT DO NOTHING;
