import { buildAuditLeaf, validateAuditEvent } from '@consentry/audit-domain';
import type { CaseActionKind } from '@consentry/monitoring-data-access';
import { caseActionActor, caseActionAuditEvent } from './case-audit-event.mapper';

const REGULATOR = '7c1e9a3b-5d2f-4a6c-8e0b-2f4d6a8c0e02';
const ACTIONS: CaseActionKind[] = ['open', 'note', 'link-alert', 'investigate', 'resolve', 'suspend-organisation', 'suspend-api-key', 'lift-suspension', 'require-consent-recheck', 'attach-evidence'];

describe('caseActionAuditEvent', () => {
  const base = { eventId: '5b0d7a4e-3c2f-4f5e-9d1a-0c6b2f1e8a90', at: '2026-03-10T01:02:03.000Z', caseId: 'c0ffee00-0000-4000-8000-000000000001' };
  const actor = { role: 'regulator' as const, subject: REGULATOR };

  it('is a valid audit event naming the action and the case, not the organisation investigated', () => {
    const event = caseActionAuditEvent({ ...base, action: 'require-consent-recheck', actor });
    const checked = validateAuditEvent(event);
    expect(checked.ok).toBe(true);
    expect(event).toMatchObject({ organisationId: 'regulator', operation: 'decision', decision: 'allow', reasonCode: 'CASE_REQUIRE_CONSENT_RECHECK', requestId: `case-${base.caseId}`, citizenPseudonym: null });
  });

  it('records a suspension as a deny', () => {
    expect(caseActionAuditEvent({ ...base, action: 'suspend-api-key', actor }).decision).toBe('deny');
    expect(caseActionAuditEvent({ ...base, action: 'lift-suspension', actor }).decision).toBe('allow');
  });

  it.each(ACTIONS)('names the regulator who took %s as its actor, in a form the audit log keeps', (action) => {
    const checked = validateAuditEvent(caseActionAuditEvent({ ...base, action, actor }));
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    expect(checked.event.actor).toEqual({ role: 'regulator', subject: REGULATOR });
    expect(buildAuditLeaf(checked.event, { subjectSalt: Buffer.alloc(16, 1) }).leaf.actor).toEqual({ role: 'regulator', subject: REGULATOR });
  });

  // The exact leaf of the monitor's opening of a dispute case as written before case events named
  // an actor (computed with that code): without one, the event and its leaf must not change.
  const OLD_OPEN_LEAF =
    '{"decision":"allow","disclosureAfter":null,"eventId":"5b0d7a4e-3c2f-4f5e-9d1a-0c6b2f1e8a90","fee":null,"fields":[],'
    + '"legalBasis":{"kind":"legal-duty","reference":"Law 91/2025/QH15 supervision, case c0ffee00-0000-4000-8000-000000000001"},"occurredAt":"2026-03-10T01:02:03.000Z",'
    + '"operation":"decision","organisationId":"regulator","personal":null,"purpose":"regulatory-oversight","reasonCode":"CASE_OPEN",'
    + '"requestId":"case-c0ffee00-0000-4000-8000-000000000001","subject":null,"v":1}';

  it("names no actor for the monitor's own acts, and leaves their entry as it was before actors", () => {
    const event = caseActionAuditEvent({ ...base, action: 'open', actor: null });
    expect(event).not.toHaveProperty('actor');
    const checked = validateAuditEvent(event);
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    expect(buildAuditLeaf(checked.event, { subjectSalt: Buffer.alloc(16, 1) }).bytes.toString('utf8')).toBe(OLD_OPEN_LEAF);
  });
});

describe('caseActionActor', () => {
  it('names a regulator by account id, lowercased', () => {
    expect(caseActionActor({ role: 'regulator', accountId: REGULATOR })).toEqual({ role: 'regulator', subject: REGULATOR });
    expect(caseActionActor({ role: 'regulator', accountId: REGULATOR.toUpperCase() })).toEqual({ role: 'regulator', subject: REGULATOR });
  });

  it('names no one the audit log would refuse: another role, or an account id that is not a UUID', () => {
    expect(caseActionActor({ role: 'operator', accountId: REGULATOR })).toBeUndefined();
    expect(caseActionActor({ role: 'citizen', accountId: REGULATOR })).toBeUndefined();
    for (const accountId of ['regulator-1', '001090012345', `${REGULATOR}\n`, ` ${REGULATOR}`, `regulator:${REGULATOR}`, '']) {
      expect(caseActionActor({ role: 'regulator', accountId })).toBeUndefined();
    }
  });
});
