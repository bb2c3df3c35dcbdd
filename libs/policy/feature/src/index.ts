export * from './lib/policy-engine.service';
