import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiKeyRepository, ApiKeyScope, StoredApiKey, StoredOrganisation } from '@consentry/identity-data-access';
import { generateApiKey } from '@consentry/shared-auth';
import { ProblemException } from '@consentry/shared-http';
import { ApiKeyView, CreateOrganisationDto, IssueApiKeyDto, IssuedApiKeyView, OrganisationView, RotatedApiKeyView } from './api-keys.dto';
import { KeySuspensions } from './key-suspensions.port';

/**
 * Who acts on the keys: an operator (any organisation, any scope) or one of the organisation's
 * own keys with the `keys` scope, which can hand out or renew only scopes it holds itself.
 */
export type KeyManager = { kind: 'operator'; accountId: string } | { kind: 'key'; keyId: string; scopes: readonly ApiKeyScope[] };

const actorOf = (m: KeyManager) => (m.kind === 'operator' ? `operator:${m.accountId}` : `key:${m.keyId}`);

const organisationNotFound = () => new ProblemException(404, 'organisation-not-found', 'Organisation not found');

const notFound = () => new ProblemException(404, 'api-key-not-found', 'API key not found', 'No API key of this organisation has that id');

/** Issues, lists, rotates and revokes organisations' API keys; a key's secret is returned once and stored only as its hash. */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('ApiKeys');
  private readonly keys: ApiKeyRepository;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly suspensions: KeySuspensions,
  ) {
    this.keys = new ApiKeyRepository(dataSource);
  }

  async createOrganisation(dto: CreateOrganisationDto): Promise<OrganisationView> {
    const created = await this.keys.createOrganisation(dto.name, dto.kind);
    if (!created) {
      throw new ProblemException(409, 'organisation-exists', 'Organisation exists', 'An organisation with this name exists', {
        errors: [{ field: 'name', message: 'is taken' }],
      });
    }
    return toOrganisationView(created);
  }

  async list(organisationId: string): Promise<ApiKeyView[]> {
    return (await this.keys.listKeys(organisationId)).map(toKeyView);
  }

  /** An operator's view of an organisation's keys: 404 for an organisation that does not exist. */
  async listOf(organisationId: string): Promise<ApiKeyView[]> {
    if (!(await this.keys.organisationExists(organisationId))) throw organisationNotFound();
    return this.list(organisationId);
  }

  async issue(organisationId: string, dto: IssueApiKeyDto, by: KeyManager): Promise<IssuedApiKeyView> {
    checkHeld(dto.scopes, by);
    await this.checkCaller(organisationId, by);
    if (by.kind === 'operator' && !(await this.keys.organisationExists(organisationId))) throw organisationNotFound();
    const issued = generateApiKey();
    const id = await this.keys.insertKey({ organisationId, prefix: issued.prefix, hash: issued.hash, scopes: dto.scopes, label: dto.label, createdBy: actorOf(by) });
    const stored = await this.keys.findKey(organisationId, id);
    if (!stored) throw new Error('issued key not found');
    this.logger.log({ msg: 'api key issued', organisationId, keyId: id, prefix: issued.prefix, scopes: dto.scopes, by: actorOf(by) });
    return { ...toKeyView(stored), key: issued.key };
  }

  async rotate(organisationId: string, keyId: string, graceSeconds: number, by: KeyManager): Promise<RotatedApiKeyView> {
    const old = await this.keys.findKey(organisationId, keyId);
    if (!old) throw notFound();
    checkHeld(old.scopes, by);
    await this.checkCaller(organisationId, by);
    // Its replacement would not be suspended: a suspension names one key id.
    if (await this.suspensions.suspended(organisationId, keyId)) {
      throw new ProblemException(409, 'api-key-suspended', 'API key is suspended', 'A suspended key cannot be rotated; revoke it, or have the suspension lifted first');
    }
    const issued = generateApiKey();
    const next = await this.keys.rotateKey(organisationId, keyId, { id: randomUUID(), prefix: issued.prefix, hash: issued.hash, createdBy: actorOf(by) }, graceSeconds);
    if (!next) {
      throw new ProblemException(409, 'api-key-not-live', 'API key cannot be rotated', 'Only a live key that was never rotated can be rotated; this one is revoked, expired or replaced');
    }
    const replaced = await this.keys.findKey(organisationId, keyId);
    if (!replaced) throw new Error('rotated key not found');
    this.logger.log({ msg: 'api key rotated', organisationId, keyId, newKeyId: next.id, prefix: next.prefix, graceSeconds, by: actorOf(by) });
    return { key: { ...toKeyView(next), key: issued.key }, replaced: toKeyView(replaced) };
  }

  async revoke(organisationId: string, keyId: string, by: KeyManager): Promise<ApiKeyView> {
    // A key may revoke itself (always, even suspended or retired), or, while live, a key whose scopes it holds.
    if (by.kind === 'key' && by.keyId !== keyId) {
      const target = await this.keys.findKey(organisationId, keyId);
      if (!target) throw notFound();
      checkHeld(target.scopes, by);
      await this.refuseRetiredCaller(organisationId, by);
    }
    const revoked = await this.keys.revokeKey(organisationId, keyId, actorOf(by));
    if (!revoked) throw notFound();
    this.logger.log({ msg: 'api key revoked', organisationId, keyId, by: actorOf(by) });
    return toKeyView(revoked);
  }

  /** A key that issues or rotates keys must be live (not rotated away) and not suspended. */
  private async checkCaller(organisationId: string, by: KeyManager) {
    await this.refuseRetiredCaller(organisationId, by);
    if (by.kind === 'key' && (await this.suspensions.suspended(organisationId, by.keyId))) {
      throw new ProblemException(403, 'api-key-suspended', 'API key is suspended', 'A suspended organisation or key cannot issue or rotate keys');
    }
  }

  /**
   * A key rotated with a grace period still authenticates until it expires, so that its clients
   * can move over; it no longer manages keys. Otherwise a leaked key, rotated away, could issue
   * itself an unexpiring successor or revoke its replacement.
   */
  private async refuseRetiredCaller(organisationId: string, by: KeyManager) {
    if (by.kind !== 'key') return;
    const caller = await this.keys.findKey(organisationId, by.keyId);
    if (caller?.status !== 'live') {
      throw new ProblemException(403, 'api-key-retired', 'API key was rotated', 'A key replaced by rotation cannot manage keys during its grace period; use its replacement');
    }
  }
}

/** A key may give out, renew or revoke only scopes it holds itself; an operator, any. */
function checkHeld(scopes: readonly ApiKeyScope[], by: KeyManager) {
  if (by.kind === 'operator') return;
  const missing = scopes.filter((s) => !by.scopes.includes(s));
  if (missing.length) {
    throw new ProblemException(403, 'scope-not-held', 'Scope not held', `This API key does not hold: ${missing.join(', ')}`, {
      errors: [{ field: 'scopes', message: `not held by this API key: ${missing.join(', ')}` }],
    });
  }
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toKeyView(k: StoredApiKey): ApiKeyView {
  return {
    id: k.id,
    organisationId: k.organisationId,
    prefix: k.prefix,
    label: k.label,
    scopes: k.scopes,
    status: k.status,
    createdAt: new Date(k.createdAt).toISOString(),
    createdBy: k.createdBy,
    expiresAt: iso(k.expiresAt),
    revokedAt: iso(k.revokedAt),
    revokedBy: k.revokedBy,
    replacedBy: k.replacedBy,
  };
}

function toOrganisationView(o: StoredOrganisation): OrganisationView {
  return { id: o.id, name: o.name, kind: o.kind, createdAt: new Date(o.createdAt).toISOString() };
}
