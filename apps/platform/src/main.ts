import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { monitoredAuditLogService } from '@consentry/monitoring-feature';
import { consentRegistryService } from '@consentry/consent-feature';
import { queryGatewayService } from '@consentry/gateway-feature';
import { policyEngineService } from '@consentry/policy-feature';
import { DemoCredentials, demoSeedWanted, licenseDemoOrganisations, requestDemoConsent, seedDemo } from '@consentry/platform-demo';
import { loadConfig } from '@consentry/shared-config';
import { EmbeddedPostgres, startEmbeddedPostgres } from '@consentry/shared-database';
import { createLogger } from '@consentry/shared-observability';
import { RunningService, closeOnSignal, loadServiceEnv, startService } from '@consentry/shared-runtime';

// The whole platform in one process: the four services on the embedded database (PGlite)
// unless DATABASE_URL points at a real PostgreSQL, with a demo dataset on first start.
const platformEnv = z.object({
  CONSENTRY_DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(5433),
  // Default: seed the embedded database only (demoSeedWanted).
  DEMO_SEED: z.enum(['true', 'false']).optional(),
  DEMO_CITIZENS: z.coerce.number().int().min(3).max(10_000_000).default(10_000),
  LOG_LEVEL: z.string().default('info'),
  // Four services and the embedded database stop in turn: more time than one service's default.
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
});

const SERVICES = [consentRegistryService, policyEngineService, queryGatewayService, monitoredAuditLogService];

/** Secrets for the embedded default only: generated once, kept beside the data, never printed. */
function localSecrets(dataDir: string): { AUTH_TOKEN_SECRET: string; PSEUDONYM_KEY: string } {
  const file = path.join(dataDir, 'secrets.json');
  if (!existsSync(file)) {
    const secrets = { AUTH_TOKEN_SECRET: randomBytes(32).toString('hex'), PSEUDONYM_KEY: randomBytes(32).toString('hex') };
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

function printSummary(services: RunningService[], credentialsFile: string, credentials: DemoCredentials | undefined, databaseUrl: string) {
  const lines = ['', 'Consentry is running.', ''];
  for (const s of services) lines.push(`  ${s.spec.name.padEnd(17)} ${s.url}   docs: ${s.url}/docs`);
  lines.push('', `  database          ${databaseUrl.replace(/\/\/([^:@]+):[^@]+@/, '//$1:***@')}`);
  if (credentials) {
    lines.push('', `Demo credentials (also in ${credentialsFile}):`);
    for (const o of credentials.organisations) lines.push(`  API key  ${o.name} [${o.scopes.join(',')}]: ${o.apiKey}`);
    for (const c of credentials.citizens) lines.push(`  citizen  ${c.username} / ${c.password}  (e-ID level ${c.eidLevel})`);
    for (const s of credentials.staff) lines.push(`  ${s.role.padEnd(8)} ${s.username} / ${s.password}`);
  }
  lines.push('', 'Press Ctrl+C to stop.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

async function main() {
  const env = loadConfig(platformEnv);
  const logger = createLogger('platform', env.LOG_LEVEL);
  const dataDir = path.resolve(env.CONSENTRY_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const secrets = localSecrets(dataDir);

  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = process.env['DATABASE_URL'];
  const seed = demoSeedWanted(env.DEMO_SEED, Boolean(databaseUrl));
  if (!databaseUrl) {
    const started = Date.now();
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pglite'), port: env.EMBEDDED_DB_PORT });
    databaseUrl = embedded.url;
    logger.info({ ms: Date.now() - started, port: embedded.port }, 'embedded database started');
  }
  const serviceEnv = { ...secrets, ...process.env, DATABASE_URL: databaseUrl };

  const running: RunningService[] = [];
  closeOnSignal(logger, env.SHUTDOWN_TIMEOUT_MS, [
    async () => {
      for (const s of running.reverse()) await s.app.close();
    },
    async () => embedded?.stop(),
  ]);
  for (const spec of SERVICES) {
    running.push(await startService(spec, loadServiceEnv(spec, serviceEnv), createLogger(spec.name, env.LOG_LEVEL)));
  }

  const credentialsFile = path.join(dataDir, 'demo-credentials.json');
  let credentials: DemoCredentials | undefined;
  if (seed) {
    if (existsSync(credentialsFile)) {
      credentials = JSON.parse(readFileSync(credentialsFile, 'utf8'));
    } else {
      const started = Date.now();
      let lastTenth = -1;
      credentials = await seedDemo({
        url: databaseUrl,
        pseudonymKey: serviceEnv.PSEUDONYM_KEY,
        citizens: env.DEMO_CITIZENS,
        onProgress: (done, total) => {
          const tenth = Math.floor((done / total) * 10);
          if (tenth !== lastTenth) {
            lastTenth = tenth;
            logger.info({ done, total }, 'seeding demo citizens');
          }
        },
      });
      const url = (name: string) => running.find((s) => s.spec.name === name)!.url;
      await requestDemoConsent(url('consent-registry'), credentials);
      await licenseDemoOrganisations(
        { consentRegistry: url('consent-registry'), policyEngine: url('policy-engine'), queryGateway: url('query-gateway') },
        credentials,
      );
      writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
      chmodSync(credentialsFile, 0o600);
      logger.info({ ms: Date.now() - started, citizens: env.DEMO_CITIZENS }, 'demo dataset seeded');
    }
  }
  printSummary(running, credentialsFile, credentials, databaseUrl);
}

main().catch((error) => {
  process.stderr.write(`platform: ${(error as Error).message}\n`);
  process.exit(1);
});
