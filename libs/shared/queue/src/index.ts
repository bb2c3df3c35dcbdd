export * from './lib/queue-names';
export * from './lib/queue-backend';
export * from './lib/queue.module';
export * from './lib/queue.service';
export * from './lib/audit-delivery';
export * from './lib/bounded-wait.util';
