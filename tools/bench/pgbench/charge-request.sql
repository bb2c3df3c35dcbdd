-- One charge through the ledger (metering.charge_request: one prepaid balance slot locked, the
-- transaction row, two entries, slot triggers, deferred balance check), as the gateway's write runs it.
-- pgbench -n -f charge-request.sql -D "org='<organisation with a prepaid account>'" -D "schedule='<fee schedule version>'" -c 8 -j 2 -T 10 <db>
SELECT * FROM metering.charge_request(gen_random_uuid(), :org::uuid, 'pgbench-' || gen_random_uuid()::text, 'SPDC01', 'kyc', :schedule::text, NULL, 'match', 2, 1000, 2000, 0, 'gateway', now(), current_date, NULL);
