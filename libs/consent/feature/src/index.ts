export * from './lib/consent-registry.service';
export * from './lib/consent-reader';
export * from './lib/consent-database';
export { DESTINATION_NOT_ALLOWED, postSignedWebhook, signWebhook, SIGNATURE_HEADER, webhookDeliveryJob } from './lib/signed-webhook.util';
export type { ResolvedAddress, WebhookPostOptions } from './lib/signed-webhook.util';
