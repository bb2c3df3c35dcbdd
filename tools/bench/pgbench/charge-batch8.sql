-- Eight charges in one transaction (one statement), as a group commit of concurrent answers'
-- records would write them; compare with charge-request.sql (one charge per transaction). The
-- request id uses g, so PostgreSQL calls the function once per row, not once for all.
-- pgbench -n -f charge-batch8.sql -D "org='<organisation with a prepaid account>'" -D "schedule='<fee schedule version>'" -c 8 -j 2 -T 8 <db>
SELECT count(*) FROM generate_series(1, 8) g, LATERAL metering.charge_request(gen_random_uuid(), :org::uuid, 'pgbench-' || g || '-' || gen_random_uuid()::text, 'SPDC01', 'kyc', :schedule::text, NULL, 'match', 2, 1000, 2000, 0, 'gateway', now(), current_date, NULL) c;
