export * from './lib/seed-demo';
export * from './lib/demo-seed-wanted';
