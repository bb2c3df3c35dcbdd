export * from './lib/consent.types';
export * from './lib/consent-state-machine.util';
export * from './lib/consent-terms.util';
export * from './lib/consent-receipt.util';
export * from './lib/consent-text.util';
export * from './lib/webhook-destination.util';
