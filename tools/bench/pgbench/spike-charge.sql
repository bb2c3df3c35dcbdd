-- pgbench -n -f spike-charge.sql -D slots=1 (or 16) -c 8 -j 2 -T 10 <db>   (after spike-setup.sql)
\set slot random(0, :slots - 1)
WITH b AS (UPDATE spike.balance_slots SET balance_vnd = balance_vnd - 2000
            WHERE organisation_id = '00000000-0000-0000-0000-000000000001' AND slot = :slot AND balance_vnd >= 2000 RETURNING balance_vnd)
INSERT INTO spike.charges SELECT gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 'r-' || gen_random_uuid()::text, 2000, now() FROM b;
