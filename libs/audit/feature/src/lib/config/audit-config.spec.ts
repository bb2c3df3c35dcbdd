import { generateSignerKey } from '@consentry/audit-domain';
import { ConfigError } from '@consentry/shared-config';
import { loadAuditConfig } from './audit-config';

const PSEUDONYM_KEY = 'p'.repeat(40);

describe('loadAuditConfig', () => {
  it('runs in development with no audit variables at all', () => {
    const config = loadAuditConfig('development', PSEUDONYM_KEY, {});
    expect(config).toMatchObject({ origin: 'consentry.local/audit-log', signers: [], checkpointIntervalMs: 1000 });
    expect(config.keyEncryptionKey).toHaveLength(32);
    expect(loadAuditConfig('development', PSEUDONYM_KEY, {}).keyEncryptionKey).toEqual(config.keyEncryptionKey);
  });

  it('requires the signing and key-encryption keys in production, naming both', () => {
    expect(() => loadAuditConfig('production', PSEUDONYM_KEY, {})).toThrow(ConfigError);
    expect(() => loadAuditConfig('production', PSEUDONYM_KEY, {})).toThrow(/AUDIT_SIGNING_KEY[\s\S]*AUDIT_KEY_ENCRYPTION_KEY/);
  });

  it('reads several signer keys, primary first, and refuses a malformed one', () => {
    const [a, b] = [1, 2].map((n) => generateSignerKey('log.example/audit', Buffer.alloc(32, n)));
    const config = loadAuditConfig('production', PSEUDONYM_KEY, { AUDIT_SIGNING_KEY: `${a.skey}, ${b.skey}`, AUDIT_KEY_ENCRYPTION_KEY: 'ab'.repeat(32) });
    expect(config.signers.map((s) => s.vkey)).toEqual([a.vkey, b.vkey]);
    expect(() => loadAuditConfig('development', PSEUDONYM_KEY, { AUDIT_SIGNING_KEY: 'PRIVATE+KEY+x+00000000+AAAA' })).toThrow(/AUDIT_SIGNING_KEY/);
  });
});
