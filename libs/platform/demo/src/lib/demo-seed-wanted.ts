/**
 * Whether the platform seeds the demo dataset (synthetic citizens, demo staff with printed
 * passwords, a demo bank key with every scope, licences and a top-up). By default only on the
 * embedded database: pointed at a real PostgreSQL (DATABASE_URL), the platform would otherwise
 * load demo accounts and keys into whatever that database is, and on every start with a fresh
 * data directory reset the demo staff passwords and issue new keys. DEMO_SEED=true asks for it.
 */
export function demoSeedWanted(setting: 'true' | 'false' | undefined, externalDatabase: boolean): boolean {
  return setting === undefined ? !externalDatabase : setting === 'true';
}
