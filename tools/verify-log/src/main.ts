import { parseArgs } from 'node:util';
import { DatabaseLogSource } from './lib/database-log-source';
import { HttpLogSource } from './lib/http-log-source';
import { LogSource } from './lib/log-source.types';
import { verifyLog } from './lib/verify-log';

const USAGE = `Verifies a Consentry audit log end to end.

  verify-log --url http://127.0.0.1:3004 [--key <vkey>]... [--origin <origin>]
  verify-log --database-url postgres://user@host/db [--key <vkey>]... [--origin <origin>]

Re-hashes every entry, rebuilds the Merkle tree (RFC 9162), checks every checkpoint signature
(C2SP signed note, Ed25519) and root, and the consistency between consecutive checkpoints.
--key pins the verifier keys to trust (repeatable); without it the log's own list is used.
Exit status: 0 intact, 1 any mismatch, 2 usage or connection error.`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        url: { type: 'string' },
        'database-url': { type: 'string' },
        key: { type: 'string', multiple: true },
        origin: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help || !!args.url === !!args['database-url']) {
    process.stderr.write(USAGE + '\n');
    return args.help ? 0 : 2;
  }
  const source: LogSource = args.url ? new HttpLogSource(args.url) : new DatabaseLogSource(args['database-url']!);
  const started = Date.now();
  try {
    let last = 0;
    const report = await verifyLog(source, {
      trustedKeys: args.key,
      origin: args.origin,
      onProgress: (done) => {
        if (done - last >= 100_000) {
          last = done;
          process.stderr.write(`  ${done} entries verified\n`);
        }
      },
    });
    for (const line of report.lines) console.log(line);
    if (report.ok) {
      console.log(`VERDICT: OK - ${report.entries} entries and ${report.checkpoints} checkpoints verified in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    }
    console.log(`VERDICT: FAILED - ${report.problems.length}${report.problems.length >= 1000 ? '+' : ''} problem(s):`);
    for (const p of report.problems.slice(0, 50)) console.log(`  - ${p}`);
    if (report.problems.length > 50) console.log(`  ... and ${report.problems.length - 50} more`);
    return 1;
  } catch (error) {
    process.stderr.write(`verify-log: ${(error as Error).message}\n`);
    return 2;
  } finally {
    await source.close();
  }
}

main().then((code) => process.exit(code));
