import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AuditEvent } from '@consentry/audit-domain';
import { createAuditLogService } from '@consentry/audit-feature';
import { QueueName, QueueService, createQueueBackend } from '@consentry/shared-queue';
import { loadServiceEnv, startService } from '@consentry/shared-runtime';
import { createLogger } from '@consentry/shared-observability';
import { benchEvent, describeMachine, dropDatabase, fmt, latencyLine, openAuditDatabase, serverUrlFrom } from './audit-bench.util';

/**
 * From "the gateway enqueued the event" to "a signed checkpoint covers it" (from then on the
 * citizen's history shows it with an inclusion proof): events are enqueued at a steady rate in
 * small jobs through BullMQ (Redis when REDIS_URL is set), the audit service runs in-process
 * with its real worker and checkpoint publisher (1 s interval), and the checkpoint is polled
 * every 20 ms over HTTP.
 *   REDIS_URL=redis://127.0.0.1:6379 node -r ./tools/scripts/register.cjs tools/bench/src/audit-visibility.bench.ts [--rate 2000] [--job 20] [--seconds 20]
 */
const GOAL_P99_MS = 2000;

async function main() {
  const { values } = parseArgs({ options: { rate: { type: 'string' }, job: { type: 'string' }, seconds: { type: 'string' }, 'database-url': { type: 'string' } } });
  const serverUrl = serverUrlFrom(values['database-url']);
  const rate = Number(values.rate ?? 2000);
  const perJob = Number(values.job ?? 20);
  const seconds = Number(values.seconds ?? 20);
  const redisUrl = process.env['REDIS_URL'] || undefined;
  const name = `bench_audit_visibility_${Date.now()}`;
  const prefix = `bench${randomBytes(3).toString('hex')}`;

  console.log('Audit log visibility benchmark (enqueue -> covered by a signed checkpoint)');
  for (const line of await describeMachine(serverUrl)) console.log(line);
  console.log(`settings  : ${fmt(rate)} events/s in jobs of ${perJob} for ${seconds} s, queue on ${redisUrl ? 'Redis' : 'PostgreSQL'}, checkpoint interval 1,000 ms, database ${name} (dropped afterwards)`);

  const { url, source } = await openAuditDatabase(serverUrl, name, true, 2);
  const spec = createAuditLogService({ env: { AUDIT_CHECKPOINT_INTERVAL_MS: '1000' } });
  const env = loadServiceEnv(spec, {
    DATABASE_URL: url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    AUTH_TOKEN_SECRET: 'bench-token-secret-0123456789abcdef0123456789',
    PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789abcdef012345678',
    AUDIT_LOG_PORT: '0',
    LOG_LEVEL: 'warn',
  });
  const service = await startService(spec, env, createLogger('audit-log', 'warn'));
  const producer = new QueueService(createQueueBackend({ databaseUrl: url, redisUrl, redisPrefix: prefix }));
  const sizes: { at: number; size: number }[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const text = await (await fetch(`${service.url}/v1/log/checkpoint`)).text();
      sizes.push({ at: performance.now(), size: Number(text.split('\n')[1]) });
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    const jobs: { at: number; ids: string[] }[] = [];
    const total = rate * seconds;
    const started = performance.now();
    for (let sent = 0; sent < total; sent += perJob) {
      const due = started + (sent / rate) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const events = Array.from({ length: perJob }, (_, k) => ({ ...benchEvent(sent + k), eventId: randomUUID() }) as AuditEvent);
      jobs.push({ at: performance.now(), ids: events.map((e) => e.eventId) });
      await producer.add(QueueName.AuditDelivery, 'ingest-events', { events });
    }
    const expected = jobs.length * perJob;
    while ((sizes[sizes.length - 1]?.size ?? 0) < expected) await new Promise((r) => setTimeout(r, 100));
    polling = false;
    await poller;

    const rows: { event_id: string; idx: string }[] = await source.query(`SELECT event_id, idx FROM audit.entries`);
    const indexOf = new Map(rows.map((r) => [r.event_id, Number(r.idx)]));
    const latencies: number[] = [];
    for (const job of jobs) {
      for (const id of job.ids) {
        const index = indexOf.get(id)!;
        const seen = sizes.find((s) => s.at >= job.at && s.size > index);
        latencies.push(seen!.at - job.at);
      }
    }
    console.log(`result    : ${fmt(rows.length)} events sequenced (${fmt(expected)} sent)`);
    console.log(latencyLine('enqueue -> in a signed checkpoint', latencies) + `  (goal p99 < ${fmt(GOAL_P99_MS)} ms)`);
  } finally {
    polling = false;
    await producer.onModuleDestroy();
    await service.app.close();
    await source.destroy();
    await dropDatabase(serverUrl, name);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
