export * from './lib/vietnam-time.util';
