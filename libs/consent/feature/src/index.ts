export * from './lib/consent-registry.service';
export * from './lib/consent-reader';
export * from './lib/consent-database';
export { postSignedWebhook, signWebhook, SIGNATURE_HEADER } from './lib/webhook-dispatcher.service';
