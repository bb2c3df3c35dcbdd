import { waitFor } from '@consentry/shared-testing';
import { GatewayStack, Org, tokenFor } from './gateway-fixtures';

describe('API keys: onboarding, issue, rotate, revoke', () => {
  let s: GatewayStack;
  let bank: Org;
  let admin: string;

  const me = (key: string) => s.call('GET', '/v1/organisations/me', key);
  const keysOf = (key: string) => s.call('GET', '/v1/organisations/me/api-keys', key);

  beforeAll(async () => {
    s = await GatewayStack.start();
    const created = await s.call('POST', '/v1/operator/organisations', s.operator, { name: 'Keyed Bank', kind: 'enterprise' });
    expect(created.status).toBe(201);
    const issued = await s.call('POST', `/v1/operator/organisations/${created.body.id}/api-keys`, s.operator, { label: 'key admin', scopes: ['keys', 'verify'] });
    expect(issued.status).toBe(201);
    admin = issued.body.key;
    bank = { id: created.body.id, key: admin, keyId: issued.body.id };
  });
  afterAll(() => s?.stop());

  it('lets an operator register an organisation and issue its first key, shown once and stored as a hash', async () => {
    const self = await me(admin);
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ organisationId: bank.id, name: 'Keyed Bank', scopes: ['keys', 'verify'] });
    const [row] = await s.sql(`SELECT prefix, key_hash, created_by FROM identity.api_keys WHERE id = $1`, [bank.keyId]);
    expect(admin.startsWith(row.prefix + '_')).toBe(true);
    expect(row.key_hash).not.toContain(admin.slice(row.prefix.length + 1));
    expect(row.created_by).toMatch(/^operator:/);
    const listed = await keysOf(admin);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: bank.keyId, prefix: row.prefix, status: 'live', scopes: ['keys', 'verify'] })]);
    expect(JSON.stringify(listed.body)).not.toContain(admin);
    expect(JSON.stringify(listed.body)).not.toContain(row.key_hash);

    expect((await s.call('POST', '/v1/operator/organisations', s.operator, { name: 'Keyed Bank', kind: 'enterprise' })).status).toBe(409);
    expect((await s.call('POST', '/v1/operator/organisations', s.regulator, { name: 'Other', kind: 'enterprise' })).status).toBe(403);
    expect((await s.call('POST', '/v1/operator/organisations', admin, { name: 'Other', kind: 'enterprise' })).status).toBe(401);
    const unknownOrg = await s.call('POST', '/v1/operator/organisations/00000000-0000-4000-8000-000000000000/api-keys', s.operator, { label: 'x', scopes: ['verify'] });
    expect(unknownOrg.status).toBe(404);
    expect((await s.call('GET', '/v1/operator/organisations/00000000-0000-4000-8000-000000000000/api-keys', s.operator)).status).toBe(404);
  });

  it('issues keys only with scopes the issuing key holds, and only to keys with the keys scope', async () => {
    const verifier = await s.call('POST', '/v1/organisations/me/api-keys', admin, { label: 'front office', scopes: ['verify'] });
    expect(verifier.status).toBe(201);
    expect(verifier.body).toMatchObject({ organisationId: bank.id, label: 'front office', scopes: ['verify'], status: 'live', createdBy: `key:${bank.keyId}` });
    expect((await me(verifier.body.key)).body.scopes).toEqual(['verify']);

    const escalate = await s.call('POST', '/v1/organisations/me/api-keys', admin, { label: 'more', scopes: ['verify', 'lookup'] });
    expect(escalate.status).toBe(403);
    expect(escalate.body.errors).toEqual([{ field: 'scopes', message: expect.stringContaining('lookup') }]);

    const noScope = await s.call('GET', '/v1/organisations/me/api-keys', verifier.body.key);
    expect([noScope.status, noScope.body.type]).toEqual([403, expect.stringContaining('missing-scope')]);
    expect((await s.call('POST', '/v1/organisations/me/api-keys', verifier.body.key, { label: 'x', scopes: ['verify'] })).status).toBe(403);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ label: '', scopes: ['verify'] }, 'label'],
      [{ label: 'x'.repeat(101), scopes: ['verify'] }, 'label'],
      [{ label: 'bad\u0000label', scopes: ['verify'] }, 'label'],
      [{ label: 'x', scopes: [] }, 'scopes'],
      [{ label: 'x', scopes: ['verify', 'verify'] }, 'scopes'],
      [{ label: 'x', scopes: ['admin'] }, 'scopes'],
      [{ label: 'x', scopes: 'verify' }, 'scopes'],
      [{ label: 'x', scopes: ['verify'], organisationId: bank.id }, 'organisationId'],
    ];
    for (const [body, field] of cases) {
      const res = await s.call('POST', '/v1/organisations/me/api-keys', admin, body);
      expect([res.status, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([400, expect.arrayContaining([field])]);
    }
    const badId = await s.call('POST', '/v1/organisations/me/api-keys/not-a-uuid/revoke', admin, {});
    expect([badId.status, badId.body.errors]).toEqual([400, [{ field: 'keyId', message: 'must be a UUID' }]]);
    const badGrace = await s.call('POST', `/v1/organisations/me/api-keys/${bank.keyId}/rotate`, admin, { oldKeyExpiresInSeconds: 7 * 86_400 + 1 });
    expect([badGrace.status, badGrace.body.errors?.[0]?.field]).toEqual([400, 'oldKeyExpiresInSeconds']);
    const badOrg = await s.call('POST', '/v1/operator/organisations', s.operator, { name: 'x', kind: 'bank' });
    expect([badOrg.status, badOrg.body.errors?.[0]?.field]).toEqual([400, 'kind']);
  });

  it('rotates a key with a grace period: both work until it ends, then only the new one; a key rotates once', async () => {
    const rotate = async (label: string, oldKeyExpiresInSeconds: number) => {
      const old = (await s.call('POST', '/v1/organisations/me/api-keys', admin, { label, scopes: ['verify'] })).body;
      const rotated = await s.call('POST', `/v1/organisations/me/api-keys/${old.id}/rotate`, admin, { oldKeyExpiresInSeconds });
      expect(rotated.status).toBe(201);
      expect(rotated.body.key).toMatchObject({ label, scopes: ['verify'], status: 'live' });
      expect(rotated.body.replaced).toMatchObject({ id: old.id, status: 'expiring', replacedBy: rotated.body.key.id, revokedAt: null });
      return { old, next: rotated.body.key };
    };
    // An hour's grace: both keys work; the old one cannot be rotated again.
    const hour = await rotate('batch job', 3600);
    expect((await me(hour.old.key)).status).toBe(200);
    expect((await me(hour.next.key)).status).toBe(200);
    expect((await s.call('POST', `/v1/organisations/me/api-keys/${hour.old.id}/rotate`, admin, {})).status).toBe(409);

    // A second's grace: the old key stops working once it is over, the new one goes on.
    const second = await rotate('nightly job', 1);
    await waitFor(async () => (await me(second.old.key)).status === 401, 10_000, 'the old key to expire');
    expect((await me(second.next.key)).status).toBe(200);
    const listed = (await keysOf(admin)).body.items;
    expect(listed.find((k: { id: string }) => k.id === second.old.id).status).toBe('expired');
    expect(listed.find((k: { id: string }) => k.id === hour.old.id).status).toBe('expiring');
  });

  it('rotates at once by default, and lets exactly one of concurrent rotations win', async () => {
    const old = (await s.call('POST', '/v1/organisations/me/api-keys', admin, { label: 'race', scopes: ['verify'] })).body;
    const replies = await Promise.all(Array.from({ length: 6 }, () => s.call('POST', `/v1/organisations/me/api-keys/${old.id}/rotate`, admin, {})));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const winner = replies.find((r) => r.status === 201)!.body;
    expect(winner.replaced).toMatchObject({ status: 'revoked', revokedBy: `key:${bank.keyId}` });
    expect((await me(old.key)).status).toBe(401);
    expect((await me(winner.key.key)).status).toBe(200);
    const [{ n }] = await s.sql(`SELECT count(*)::int AS n FROM identity.api_keys WHERE label = 'race'`);
    expect(n).toBe(2);
  });

  it("revokes a key from the next request on, and never touches another organisation's keys", async () => {
    const other = await s.organisation('Other Keyed Bank', 'enterprise', ['keys', 'verify']);
    const victim = (await s.call('POST', '/v1/organisations/me/api-keys', admin, { label: 'to revoke', scopes: ['verify'] })).body;
    const verify = () =>
      s.call('POST', '/v1/verifications', victim.key, { citizenId: s.citizens[0].idNumber, purpose: 'account-opening', claims: { fullName: 'x' } });
    expect((await verify()).status).not.toBe(401);

    for (const path of [`/v1/organisations/me/api-keys/${victim.id}/revoke`, `/v1/organisations/me/api-keys/${victim.id}/rotate`]) {
      const res = await s.call('POST', path, other.key, {});
      expect([res.status, res.body.type]).toEqual([404, expect.stringContaining('api-key-not-found')]);
    }
    expect((await keysOf(other.key)).body.items.map((k: { organisationId: string }) => k.organisationId)).toEqual([other.id]);
    expect((await verify()).status).not.toBe(401);

    const revoked = await s.call('POST', `/v1/organisations/me/api-keys/${victim.id}/revoke`, admin, {});
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedBy: `key:${bank.keyId}` });
    const refused = await verify();
    expect([refused.status, refused.body.type]).toEqual([401, expect.stringContaining('invalid-api-key')]);
    const again = await s.call('POST', `/v1/organisations/me/api-keys/${victim.id}/revoke`, admin, {});
    expect([again.status, again.body.revokedAt]).toEqual([200, revoked.body.revokedAt]);
    expect((await s.call('POST', `/v1/organisations/me/api-keys/${victim.id}/rotate`, admin, {})).status).toBe(409);

    // An operator revokes any organisation's key (an incident), and sees every key of it.
    const byOperator = await s.call('POST', `/v1/operator/organisations/${other.id}/api-keys/${other.keyId}/revoke`, s.operator, {});
    expect([byOperator.status, byOperator.body.revokedBy]).toEqual([200, expect.stringMatching(/^operator:/)]);
    expect((await me(other.key)).status).toBe(401);
    const seen = await s.call('GET', `/v1/operator/organisations/${bank.id}/api-keys`, s.operator);
    expect(seen.body.items.length).toBeGreaterThanOrEqual(5);
    expect((await s.call('GET', `/v1/operator/organisations/${bank.id}/api-keys`, tokenFor('regulator'))).status).toBe(403);
  });

  it('lets a suspended key neither issue nor rotate itself out of its suspension, nor be rotated; it can still be revoked', async () => {
    const suspendedAdmin = (await s.call('POST', '/v1/organisations/me/api-keys', admin, { label: 'suspect admin', scopes: ['keys', 'verify'] })).body;
    const sus = await s.callPolicy('POST', '/v1/suspensions', s.regulator, { target: 'api-key', organisationId: bank.id, apiKeyId: suspendedAdmin.id, reason: 'Case 7' });
    expect(sus.status).toBe(201);

    const selfRotate = await s.call('POST', `/v1/organisations/me/api-keys/${suspendedAdmin.id}/rotate`, suspendedAdmin.key, {});
    expect([selfRotate.status, selfRotate.body.type]).toEqual([403, expect.stringContaining('api-key-suspended')]);
    const selfIssue = await s.call('POST', '/v1/organisations/me/api-keys', suspendedAdmin.key, { label: 'escape', scopes: ['verify'] });
    expect([selfIssue.status, selfIssue.body.type]).toEqual([403, expect.stringContaining('api-key-suspended')]);
    const byAdmin = await s.call('POST', `/v1/organisations/me/api-keys/${suspendedAdmin.id}/rotate`, admin, {});
    expect([byAdmin.status, byAdmin.body.type]).toEqual([409, expect.stringContaining('api-key-suspended')]);
    const [{ n }] = await s.sql(`SELECT count(*)::int AS n FROM identity.api_keys WHERE label IN ('suspect admin', 'escape')`);
    expect(n).toBe(1);

    expect((await s.call('POST', `/v1/organisations/me/api-keys/${suspendedAdmin.id}/revoke`, suspendedAdmin.key, {})).status).toBe(200);
    expect((await s.callPolicy('POST', `/v1/suspensions/${sus.body.id}/lift`, s.regulator, { reason: 'Cleared' })).status).toBe(200);
  });

  it('lets a key revoke only keys whose scopes it holds, or itself', async () => {
    const narrowAdmin = (await s.call('POST', '/v1/organisations/me/api-keys', admin, { label: 'branch admin', scopes: ['keys'] })).body;
    const production = (await s.call('POST', '/v1/organisations/me/api-keys', admin, { label: 'production', scopes: ['verify'] })).body;
    const refused = await s.call('POST', `/v1/organisations/me/api-keys/${production.id}/revoke`, narrowAdmin.key, {});
    expect([refused.status, refused.body.errors]).toEqual([403, [{ field: 'scopes', message: expect.stringContaining('verify') }]]);
    expect((await me(production.key)).status).toBe(200);
    expect((await s.call('POST', `/v1/organisations/me/api-keys/${narrowAdmin.id}/revoke`, narrowAdmin.key, {})).status).toBe(200);
    expect((await me(narrowAdmin.key)).status).toBe(401);
  });

  it('lets a key rotated away keep authenticating during its grace period, but no longer manage keys', async () => {
    const leaked = (await s.call('POST', '/v1/organisations/me/api-keys', admin, { label: 'leaked admin', scopes: ['keys', 'verify'] })).body;
    const rotated = (await s.call('POST', `/v1/organisations/me/api-keys/${leaked.id}/rotate`, leaked.key, { oldKeyExpiresInSeconds: 3600 })).body;
    expect((await me(leaked.key)).status).toBe(200);

    const issue = await s.call('POST', '/v1/organisations/me/api-keys', leaked.key, { label: 'successor', scopes: ['verify'] });
    expect([issue.status, issue.body.type]).toEqual([403, expect.stringContaining('api-key-retired')]);
    const revokeReplacement = await s.call('POST', `/v1/organisations/me/api-keys/${rotated.key.id}/revoke`, leaked.key, {});
    expect([revokeReplacement.status, revokeReplacement.body.type]).toEqual([403, expect.stringContaining('api-key-retired')]);
    expect((await me(rotated.key.key)).status).toBe(200);

    // It may still end its own grace period early.
    expect((await s.call('POST', `/v1/organisations/me/api-keys/${leaked.id}/revoke`, leaked.key, {})).status).toBe(200);
    expect((await me(leaked.key)).status).toBe(401);
  });
});
