export * from './lib/database.module';
export * from './lib/embedded-postgres';
export * from './lib/migrations.util';
export * from './lib/prepared-query';
export * from './lib/coalescer';
export * from './lib/keyset-cursor.util';
