export { seedPopulation, SeedPopulationOptions, SeedProgress, SeedResult } from './seed-population';
export { ProgressReporter, formatProgress, formatDuration } from './progress-bar.util';
export { DEFAULT_BATCH_SIZE, DEFAULT_SEED } from './seed-options.util';
