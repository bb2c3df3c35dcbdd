export * from './lib/test-database';
export * from './lib/test-service';
export * from './lib/processes';
export * from './lib/tcp-proxy';
