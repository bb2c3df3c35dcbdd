import { DataSource, EntityManager } from 'typeorm';
import type { ConsentSnapshot, Licence, OrganisationSuspension } from '@consentry/policy-domain';
import { ConsentInForce, ConsentRegistryView, LicenceRepository, RequestInputsReader, SuspensionInForce, SuspensionRepository, isUuid } from '@consentry/policy-data-access';
import { policyVersionOf } from './policy-version.util';

/** What a decision needs from the policy engine's data, besides the request and the consent. */
export interface PolicyInputs {
  /** The licence version in force for the request, if the organisation holds one. */
  licence?: Licence;
  /** The suspension in force of the organisation or of the API key; null when none. */
  suspension: OrganisationSuspension | null;
  /** Licence id@version and rules version, to record in the decision and its audit entry. */
  policyVersion: string;
}

/**
 * Reads the inputs of a policy decision straight from the database on every call, for the
 * gateway (which decides in-process) and for this service's own endpoints.
 *
 * Suspensions are never cached: each call runs an indexed query, so a suspension committed on
 * any replica denies the next request on every replica, with no clock or cache TTL involved.
 * Licence versions are immutable (the database refuses updates), so the parsed licence is kept
 * by id@version: the same object is returned while that version is in force, which also lets
 * the policy evaluator's compiled-licence cache hit at once. The gateway's one-query read brings
 * the licence as JSON text, parsed only for a version not kept yet.
 *
 * Pass the caller's EntityManager when inside a transaction: on the embedded database a query
 * on another connection would wait for that transaction to end.
 */
export class PolicyReader {
  private readonly licences = new Map<string, Licence>();

  constructor(private readonly maxCachedLicences = 10_000) {}

  /** Two indexed queries, at once: the licence version in force for the purpose, and any suspension in force. */
  async forRequest(
    source: DataSource | EntityManager,
    organisationId: string,
    apiKeyId: string | null | undefined,
    purposeCode: string,
    now: Date,
  ): Promise<PolicyInputs> {
    // Ids that are not UUIDs cannot name anything stored; asking would only raise a cast error.
    if (!isUuid(organisationId)) return { suspension: null, policyVersion: policyVersionOf(undefined) };
    const keyId = isUuid(apiKeyId) ? apiKeyId : null;
    // Concurrent on a DataSource (two pooled connections); one after the other on a manager.
    const [found, suspended] = await Promise.all([
      new LicenceRepository(source).inForceForRequest(organisationId, purposeCode, now),
      new SuspensionRepository(source).inForce(organisationId, keyId),
    ]);
    return this.inputs(found && { licenceId: found.licenceId, version: found.version, parse: () => found.licence }, suspended);
  }

  /** Whether a suspension of the organisation or of this API key is in force now (one indexed query). */
  async suspended(source: DataSource | EntityManager, organisationId: string, apiKeyId: string): Promise<boolean> {
    if (!isUuid(organisationId) || !isUuid(apiKeyId)) return false;
    return (await new SuspensionRepository(source).inForce(organisationId, apiKeyId)) !== null;
  }

  /**
   * The citizen's consent for (organisation, purpose) from the consent registry's view: the
   * newest one usable at `now`, else the newest in any state (so the decision can say why it
   * denies). One indexed query.
   */
  async consentFor(
    source: DataSource | EntityManager,
    citizenPseudonym: string,
    organisationId: string,
    purposeCode: string,
    now: Date,
  ): Promise<ConsentSnapshot | undefined> {
    if (!isUuid(organisationId)) return undefined;
    return snapshotOf(await new ConsentRegistryView(source).consentFor(citizenPseudonym, organisationId, purposeCode, now));
  }

  /**
   * forRequest and consentFor together, in one query (the gateway's path: one round trip for
   * every input of a decision).
   */
  async forRequestWithConsent(
    source: DataSource | EntityManager,
    organisationId: string,
    apiKeyId: string | null | undefined,
    purposeCode: string,
    citizenPseudonym: string,
    now: Date,
  ): Promise<PolicyInputs & { consent: ConsentSnapshot | undefined }> {
    return (await this.forRequestsWithConsent(source, [{ organisationId, apiKeyId, purposeCode, citizenPseudonym, now }]))[0];
  }

  /** forRequestWithConsent for many requests, still in one query: one answer per request, in order. */
  async forRequestsWithConsent(
    source: DataSource | EntityManager,
    requests: { organisationId: string; apiKeyId: string | null | undefined; purposeCode: string; citizenPseudonym: string; now: Date }[],
  ): Promise<(PolicyInputs & { consent: ConsentSnapshot | undefined })[]> {
    // Ids that are not UUIDs cannot name anything stored; asking would only raise a cast error.
    const asked = requests.map((r) => isUuid(r.organisationId));
    const keys = requests.filter((_, n) => asked[n]);
    const found = keys.length
      ? await new RequestInputsReader(source).readMany(
          keys.map((r) => ({ organisationId: r.organisationId, apiKeyId: isUuid(r.apiKeyId) ? r.apiKeyId : null, purposeCode: r.purposeCode, citizenPseudonym: r.citizenPseudonym, at: r.now })),
        )
      : [];
    // `found` answers the asked requests in their order: take them in turn.
    let next = 0;
    return requests.map((_, n) => {
      if (!asked[n]) return { suspension: null, policyVersion: policyVersionOf(undefined), consent: undefined };
      const { licence, suspension, consent } = found[next++];
      return { ...this.inputs(licence && { ...licence, parse: () => JSON.parse(licence.json) as Licence }, suspension), consent: snapshotOf(consent) };
    });
  }

  private inputs(found: KnownVersion | null | undefined, suspended: SuspensionInForce | null): PolicyInputs {
    const licence = found ? this.remember(found) : undefined;
    return {
      licence,
      suspension: suspended ? { suspensionId: suspended.id, since: suspended.suspendedAt } : null,
      policyVersion: policyVersionOf(licence),
    };
  }

  /** Drops the parsed licences (tests; never needed for correctness). */
  clear(): void {
    this.licences.clear();
  }

  private remember({ licenceId, version, parse }: KnownVersion): Licence {
    const key = `${licenceId}@${version}`;
    const known = this.licences.get(key);
    if (known) return known;
    if (this.licences.size >= this.maxCachedLicences) this.licences.delete(this.licences.keys().next().value!);
    const frozen = Object.freeze(parse());
    this.licences.set(key, frozen);
    return frozen;
  }
}

/** A licence version found in force, and how to get its document when it is not kept yet. */
interface KnownVersion {
  licenceId: string;
  version: number;
  parse: () => Licence;
}

/** The registry's consent as a decision sees it (the organisation is the request's own). */
function snapshotOf(found: ConsentInForce | undefined): ConsentSnapshot | undefined {
  if (!found) return undefined;
  const { organisationId: _, ...snapshot } = found;
  return snapshot;
}
