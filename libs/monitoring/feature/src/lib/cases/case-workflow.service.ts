import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '@consentry/audit-feature';
import { OrganisationDirectory } from '@consentry/identity-feature';
import { AlertRepository, CaseRepository, CaseTransitionError, type CaseActionKind, type CaseDetail, type CaseOutcome } from '@consentry/monitoring-data-access';
import { SuspensionCommands } from '@consentry/policy-feature';
import type { Principal } from '@consentry/shared-auth';
import { ProblemException, ValidationProblem, isUuid } from '@consentry/shared-http';
import { MONITORING_CLOCK } from '../detection/monitoring-config';
import { type CaseActionActor, caseActionActor } from './case-audit-event.mapper';
import { CaseAuditTrail } from './case-audit-trail.service';

const caseNotFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'case-not-found', 'Case not found', 'No case has this id');
const caseClosed = () => new ProblemException(HttpStatus.CONFLICT, 'case-resolved', 'Case resolved', 'A resolved case takes no more actions');
const actorNotRecordable = () =>
  new ProblemException(HttpStatus.FORBIDDEN, 'actor-not-recordable', 'Forbidden', 'A case action is logged with the regulator who took it; this account cannot be named in the audit log');
/** A re-check suspension names itself so the case (and the policy engine's list) can tell it apart. */
export const CONSENT_RECHECK_PREFIX = 'Consent re-check required';

/**
 * The regulator's case workflow. Each action runs in one transaction that checks the case,
 * does the action (in the policy engine's tables for suspensions, so the gateway's next
 * decision reads it), appends it to the case's action trail and stages its audit event, which
 * names the regulator account as its actor; the audit event goes to the log after commit.
 */
@Injectable()
export class CaseWorkflow {
  private readonly cases = new CaseRepository();
  private readonly alerts = new AlertRepository();
  private readonly suspensions = new SuspensionCommands();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trail: CaseAuditTrail,
    private readonly organisations: OrganisationDirectory,
    @Inject(MONITORING_CLOCK) private readonly clock: Clock,
  ) {}

  async open(me: Principal, input: { title: string; alertIds: string[]; organisationId?: string }): Promise<CaseDetail> {
    const id = await this.act(me, async (m, at, actor) => {
      const found = await this.alerts.byIds(m, input.alertIds);
      const missing = input.alertIds.filter((a) => !found.some((f) => f.id === a));
      if (missing.length) throw new ValidationProblem([{ field: 'alertIds', message: `no alert with id ${missing.join(', ')}` }]);
      const orgs = [...new Set(found.map((a) => a.organisationId).filter((o): o is string => o !== null))];
      const organisationId = input.organisationId ?? (orgs.length === 1 ? orgs[0]! : null);
      if (input.organisationId && orgs.some((o) => o !== input.organisationId)) {
        throw new ValidationProblem([{ field: 'organisationId', message: 'differs from the organisation of the alerts' }]);
      }
      const caseId = await this.cases.open(m, { source: input.alertIds.length ? 'alert' : 'regulator', organisationId, title: input.title, actor: actor.subject, at, alertIds: input.alertIds });
      await this.trail.stage(m, { caseId, action: 'open', at, actor });
      return caseId;
    });
    return (await this.get(id))!;
  }

  get(caseId: string): Promise<CaseDetail | null> {
    return this.cases.get(this.dataSource, caseId);
  }

  note(me: Principal, caseId: string, text: string): Promise<CaseDetail> {
    return this.onCase(me, caseId, async (m, _c, at, actor) => this.record(m, caseId, 'note', actor, { text }, at));
  }

  attachEvidence(me: Principal, caseId: string, evidence: { description: string; entryIndexes?: number[]; reference?: string }): Promise<CaseDetail> {
    return this.onCase(me, caseId, async (m, _c, at, actor) => this.record(m, caseId, 'attach-evidence', actor, { ...evidence }, at));
  }

  investigate(me: Principal, caseId: string, note?: string): Promise<CaseDetail> {
    return this.onCase(me, caseId, async (m, c, at, actor) => {
      if (c.state !== 'open') throw new ProblemException(HttpStatus.CONFLICT, 'case-transition', 'Not allowed', `A case ${c.state} cannot move to investigating`);
      await this.transition(m, caseId, 'investigating', actor, at, undefined, note);
    });
  }

  resolve(me: Principal, caseId: string, outcome: CaseOutcome, note?: string): Promise<CaseDetail> {
    return this.onCase(me, caseId, (m, _c, at, actor) => this.transition(m, caseId, 'resolved', actor, at, outcome, note));
  }

  /**
   * Suspends the case's organisation, or one of its API keys, in the policy engine. Committed
   * with the case action, so every decision from then on (gateway, policy engine, any replica)
   * denies. `recheck` makes it the consent re-check: the organisation may not use the data until
   * the regulator, shown re-confirmed consents, lifts it.
   */
  suspend(me: Principal, caseId: string, input: { target: 'organisation' | 'api-key'; apiKeyId?: string; reason: string }, recheck = false): Promise<CaseDetail> {
    return this.onCase(me, caseId, async (m, c, at, actor) => {
      const organisationId = c.organisationId;
      if (!organisationId || !isUuid(organisationId) || !(await this.organisations.names([organisationId], m)).has(organisationId)) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'case-without-organisation', 'No organisation to suspend', 'This case names no organisation of the identity directory');
      }
      if (input.target === 'api-key') await this.checkKey(m, organisationId, input.apiKeyId);
      const reason = recheck ? `${CONSENT_RECHECK_PREFIX}: ${input.reason}` : input.reason;
      const s = await this.suspensions.suspend(m, { target: input.target, organisationId, apiKeyId: input.target === 'api-key' ? input.apiKeyId! : null, reason: `${reason} (case ${caseId})`, by: { accountId: me.accountId, role: me.role } });
      const action: CaseActionKind = recheck ? 'require-consent-recheck' : input.target === 'api-key' ? 'suspend-api-key' : 'suspend-organisation';
      await this.record(m, caseId, action, actor, { suspensionId: s.id, target: s.target, organisationId, apiKeyId: s.apiKeyId, reason: input.reason }, at);
    });
  }

  lift(me: Principal, caseId: string, suspensionId: string, reason?: string): Promise<CaseDetail> {
    return this.onCase(me, caseId, async (m, c, at, actor) => {
      const mine = c.actions.some((a) => ['suspend-organisation', 'suspend-api-key', 'require-consent-recheck'].includes(a.action) && a.detail['suspensionId'] === suspensionId);
      if (!mine) throw new ProblemException(HttpStatus.NOT_FOUND, 'suspension-not-found', 'Suspension not found', 'This case made no suspension with this id');
      if (!(await this.suspensions.lift(m, suspensionId, reason ?? null, { accountId: me.accountId, role: me.role }))) {
        throw new ProblemException(HttpStatus.CONFLICT, 'suspension-already-lifted', 'Already lifted', 'This suspension was lifted already');
      }
      await this.record(m, caseId, 'lift-suspension', actor, { suspensionId, ...(reason ? { reason } : {}) }, at);
    });
  }

  private async checkKey(m: EntityManager, organisationId: string, apiKeyId?: string): Promise<void> {
    if (!apiKeyId) throw new ValidationProblem([{ field: 'apiKeyId', message: 'is required for target api-key' }]);
    if (!isUuid(apiKeyId) || !(await this.organisations.keyBelongsTo(apiKeyId, organisationId, m))) throw new ValidationProblem([{ field: 'apiKeyId', message: "is not a key of the case's organisation" }]);
  }

  private async record(m: EntityManager, caseId: string, action: Exclude<CaseActionKind, 'open' | 'investigate' | 'resolve'>, actor: CaseActionActor, detail: Record<string, unknown>, at: string): Promise<void> {
    const auditEventId = await this.trail.stage(m, { caseId, action, at, actor });
    await this.cases.record(m, caseId, action, actor.subject, { ...detail, auditEventId }, at);
  }

  private async transition(m: EntityManager, caseId: string, to: 'investigating' | 'resolved', actor: CaseActionActor, at: string, outcome?: CaseOutcome, note?: string): Promise<void> {
    try {
      await this.cases.transition(m, caseId, to, actor.subject, at, outcome, note);
    } catch (error) {
      if (error instanceof CaseTransitionError) throw new ProblemException(HttpStatus.CONFLICT, 'case-transition', 'Not allowed', `The case cannot move to ${to}`);
      throw error;
    }
    await this.trail.stage(m, { caseId, action: to === 'resolved' ? 'resolve' : 'investigate', at, actor });
  }

  /** Runs an action on an existing, unresolved case (locked for the transaction), then sends its audit event. */
  private async onCase(me: Principal, caseId: string, fn: (m: EntityManager, c: CaseDetail, at: string, actor: CaseActionActor) => Promise<void>): Promise<CaseDetail> {
    await this.act(me, async (m, at, actor) => {
      const [locked] = await m.query(`SELECT "id" FROM "monitoring"."cases" WHERE "id" = $1 FOR UPDATE`, [caseId]);
      if (!locked) throw caseNotFound();
      const c = (await this.cases.get(m, caseId))!;
      if (c.state === 'resolved') throw caseClosed();
      await fn(m, c, at, actor);
    });
    return (await this.get(caseId))!;
  }

  /**
   * Runs an action in one transaction, then sends its audit event. An account the log cannot
   * name as the actor takes no action (403 before anything is read): its entry would be refused,
   * and the action would stand without its audit record.
   */
  private async act<T>(me: Principal, fn: (m: EntityManager, at: string, actor: CaseActionActor) => Promise<T>): Promise<T> {
    const actor = caseActionActor(me);
    if (!actor) throw actorNotRecordable();
    const result = await this.dataSource.transaction((m) => fn(m, this.clock.now().toISOString(), actor));
    await this.trail.deliver();
    return result;
  }
}
