import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Operation, PolicyEvaluator, RequestSubject } from '@consentry/policy-domain';
import type { Principal } from '@consentry/shared-auth';
import { ProblemException } from '@consentry/shared-http';
import { PolicyReader } from '../policy-reader.service';
import { CLOCK, Clock, POLICY_EVALUATOR, POLICY_SETTINGS, PolicySettings } from '../policy.tokens';
import { decisionActor, toDecisionAuditEvent } from './audit-event.mapper';
import { citizenPseudonym } from './citizen-pseudonym.util';
import { DecisionAudit } from './decision-audit.service';
import { DecisionRequestDto } from './decision.dto';
import { DecisionView, toDecisionView } from './decision.mapper';

/**
 * A real decision: the licence version and suspension in force and the citizen's consent,
 * read from the database now, decided by the domain rules, and logged as an audit event
 * before it is answered. The event names the organisation asked about and, as its actor, the
 * member of staff who asked.
 */
@Injectable()
export class DecisionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POLICY_SETTINGS) private readonly settings: PolicySettings,
    @Inject(POLICY_EVALUATOR) private readonly evaluator: PolicyEvaluator,
    private readonly reader: PolicyReader,
    private readonly audit: DecisionAudit,
  ) {}

  async decide(dto: DecisionRequestDto, requestId: string, principal: Principal): Promise<DecisionView> {
    const actor = decisionActor(principal);
    if (!actor) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'actor-not-recordable', 'Forbidden', 'A logged decision names who asked; this account cannot be named in the audit log');
    }
    const now = this.clock.now();
    const pseudonym = citizenPseudonym(this.settings.pseudonymKey, dto.citizenId, now);
    const subject = (dto.subject ?? 'organisation') as RequestSubject;
    const inputs = await this.reader.forRequest(this.dataSource, dto.organisationId, dto.apiKeyId, dto.purpose, now);
    const consent = subject === 'citizen-self' ? undefined : await this.reader.consentFor(this.dataSource, pseudonym, dto.organisationId, dto.purpose, now);
    const decision = this.evaluator.decide({
      organisationId: dto.organisationId,
      operation: dto.operation as Operation,
      purposeCode: dto.purpose,
      fields: dto.fields,
      subject,
      licence: inputs.licence,
      consent,
      suspension: inputs.suspension,
      now,
      policyVersion: inputs.policyVersion,
    });
    const event = toDecisionAuditEvent({
      eventId: randomUUID(),
      occurredAt: now,
      requestId,
      organisationId: dto.organisationId,
      purposeCode: dto.purpose,
      requestedFields: dto.fields,
      decision,
      licence: inputs.licence,
      citizenPseudonym: pseudonym,
      actor,
    });
    await this.audit.record(event);
    return toDecisionView(decision, now, event.eventId);
  }
}
