export * from './lib/consent-registry.service';
export * from './lib/consent-reader';
export * from './lib/consent-database';
export { signWebhook, SIGNATURE_HEADER } from './lib/webhook-dispatcher.service';
