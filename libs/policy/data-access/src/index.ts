export * from './lib/policy-schema.constant';
export * from './lib/policy-init.migration';
export * from './lib/keyset-cursor.util';
export * from './lib/licence.types';
export * from './lib/licence.repository';
export * from './lib/suspension.repository';
export { ConsentRegistryView, ConsentRegistryUnavailable, type ConsentInForce } from './lib/consent-registry-view.repository';
export * from './lib/access-candidate.repository';
export * from './lib/rules-version.repository';
