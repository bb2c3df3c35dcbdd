export * from './lib/service-spec';
export * from './lib/core-modules';
export * from './lib/shutdown';
