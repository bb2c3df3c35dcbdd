export * from './lib/config.util';
export * from './lib/common-env.schema';
