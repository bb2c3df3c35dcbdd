export * from './lib/secrets.util';
export * from './lib/access-token';
export * from './lib/auth.guard';
export * from './lib/auth.module';
export * from './lib/jws.util';
