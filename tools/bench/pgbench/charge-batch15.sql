-- Fifteen charges of one organisation in one call of metering.charge_batch (migration 640), as
-- the gateway's group commit makes them: one slot, one quota update, one INSERT of transactions
-- and one of entries. Compare with charge-batch8.sql (charge_request once per row).
-- pgbench -n -f charge-batch15.sql -D "org='<organisation with a prepaid account>'" -D "schedule='<fee schedule version>'" -c 1 -j 1 -T 8 <db>
SELECT count(*) FROM metering.charge_batch((
  SELECT jsonb_agg(jsonb_build_object('n', g, 'call', jsonb_build_array(gen_random_uuid(), :org, 'pgbench-' || gen_random_uuid(), 'SPDC01', 'kyc', :schedule, NULL, 'match', 2, '1000', '2000', '0', 'gateway', now(), current_date, NULL)))
    FROM generate_series(1, 15) g));
