import { ProgressReporter } from './progress-bar.util';
import { SEED_USAGE, parseSeedOptions } from './seed-options.util';
import { seedPopulation } from './seed-population';

/**
 * Exit codes: 0 done, 1 the run failed, 2 bad options (nothing was touched).
 * Output never shows the database URL (it may carry a password) nor any citizen data.
 */
async function main(): Promise<number> {
  const parsed = parseSeedOptions(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    for (const problem of parsed.problems) process.stderr.write(`seed: ${problem.source} ${problem.message}\n`);
    process.stderr.write(`Run with --help for usage.\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(SEED_USAGE);
    return 0;
  }
  const { options } = parsed;
  const progress = new ProgressReporter(process.stderr);
  const result = await seedPopulation({ ...options, onProgress: (p) => progress.update(p) });
  progress.finish();
  const n = (value: number) => value.toLocaleString('en-US');
  console.log(
    `seed ${options.seed}: ${n(result.inserted)} inserted, ${n(result.skipped)} skipped as already present, ` +
      `${result.seconds.toFixed(1)} s (${n(Math.round(options.count / result.seconds))} records/s)`,
  );
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`\nseed: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
