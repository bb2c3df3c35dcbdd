export * from './lib/consent-registry.service';
