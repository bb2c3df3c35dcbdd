import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { auditablePurpose } from '@consentry/audit-domain';
import { ConsentReader } from '@consentry/consent-feature';
import { AccessRecordBatcher, AccessRecordWriter, GatewayRequestRepository, GuardCountersRepository } from '@consentry/gateway-data-access';
import {
  ACCESS_PRODUCTS,
  AccessOperation,
  AccessRecordInput,
  CONSENT_REASONS,
  MatchResult,
  SequentialIdWatch,
  accessBodyErrors,
  accessProblem,
  accessRecord,
  batchBodyErrors,
  frequencyPeriodStart,
  legalBasisOf,
  lookupFields,
  purposeOf,
  requestFingerprint,
  verifyClaims,
} from '@consentry/gateway-domain';
import type { ApiKeyOwner } from '@consentry/identity-feature';
import { ConsentSnapshot, Decision, createPolicyEvaluator } from '@consentry/policy-domain';
import { CitizenReader } from '@consentry/population-feature';
import { CitizenRecord, FieldCode, idNumberCurrentYear, isFieldCode, validateIdNumber } from '@consentry/population-domain';
import { pseudonymFor } from '@consentry/shared-auth';
import { Coalescer } from '@consentry/shared-database';
import { MetricsService } from '@consentry/shared-observability';
import { FieldError, ProblemBody, ProblemException, ValidationProblem, toProblem } from '@consentry/shared-http';
import { vietnamDate } from '@consentry/shared-vietnam-time';
import { Charge, ChargeRefused, Db, Meter, PolicySource } from './gateway.ports';
import { GATEWAY_SETTINGS, GatewaySettings, READ_BATCHES } from './gateway.settings';
import { Idempotency, IdempotentResponses, Outcome } from './idempotent-responses';
import { recordWriteMetrics } from './record-write.metrics';

export type { AccessOperation, Idempotency, Outcome };

export interface AccessInput {
  citizenId: string;
  purpose: string;
  /** verify: claimed values by field; lookup: the fields asked. */
  claims?: Record<string, unknown>;
  fields?: string[];
}

export interface AccessAnswer {
  requestId: string;
  decision: 'allow';
  results?: Partial<Record<FieldCode, MatchResult>>;
  data?: Partial<Record<FieldCode, string | number | null>>;
  masked?: FieldCode[];
  withheld?: FieldCode[];
  deniedFields: { field: string; reasonCode: string }[];
  /** The charge, with the fields it is for (one unit each). */
  charge: Charge & { fields: FieldCode[] };
  audit: { eventId: string };
  policyVersion: string;
}

/** One item of a batch's answer: its place, its status, and its answer or problem. */
export type BatchItem = { index: number; status: number } & ({ result: Record<string, unknown> } | { problem: Record<string, unknown> | ProblemBody });

/** One request on its way to an answer: where it is written (the pool, or the Idempotency-Key's transaction), who asks, for what, and its ids. */
interface Attempt {
  db: Db;
  owner: ApiKeyOwner;
  operation: AccessOperation;
  input: AccessInput;
  fields: string[];
  pseudonym: string;
  ids: { requestId: string; eventId: string; now: Date; batchId?: string; sequentialId: boolean };
}

/** A use of a consent's frequency limit taken for a request: given back if the request is not answered. */
interface ConsentUse {
  consentId: string;
  since: Date;
}

class Refusal extends Error {
  constructor(readonly outcome: Outcome) {
    super('refused');
  }
}

/**
 * One verification or lookup, end to end. The decision, the answer, the fee charge, the
 * request record and the audit outbox row are written in ONE transaction: an answer never leaves
 * without its charge and audit event, and a crash before commit leaves neither.
 */
@Injectable()
export class AccessService {
  private readonly evaluator = createPolicyEvaluator();
  /** Purpose codes seen in the catalogue; codes are never removed, so hits are kept. */
  private readonly knownPurposes = new Set<string>();
  /** Recent ID numbers per organisation, in this process only, to mark sequential scans in the audit event. */
  private readonly sequence = new SequentialIdWatch();
  /** Records written on the pool (no Idempotency-Key) share statements under load: group commit. */
  private readonly batcher: AccessRecordBatcher;
  /** Citizens read on the pool: concurrent requests share one statement (ADR 0006). */
  private readonly citizens: Coalescer<string, CitizenRecord | null>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(GATEWAY_SETTINGS) private readonly settings: GatewaySettings,
    private readonly policy: PolicySource,
    private readonly meter: Meter,
    private readonly responses: IdempotentResponses,
    metrics: MetricsService,
  ) {
    const batcher = (this.batcher = new AccessRecordBatcher(dataSource, settings.recordBatch));
    this.citizens = new Coalescer((ids) => new CitizenReader(dataSource).findManyByIdNumbers(ids), READ_BATCHES);
    recordWriteMetrics(metrics.registry, batcher);
  }

  /**
   * `body` as the client sent it: its shape is checked here (accessBodyErrors), then what it
   * says (ID number, field codes, purpose). A refused body is audited, and not charged.
   */
  async access(owner: ApiKeyOwner, operation: AccessOperation, body: unknown, idempotency?: Idempotency, batchId?: string): Promise<Outcome> {
    const shapeErrors = accessBodyErrors(operation, body);
    if (shapeErrors.length) return this.refuse(owner, operation, shapeErrors, purposeOf(body), batchId);
    const input = body as AccessInput;
    const fields = operation === 'verify' ? Object.keys(input.claims ?? {}) : (input.fields ?? []);
    const now = new Date();
    const inputErrors = this.checkInput(input.citizenId, fields, operation, now);
    if (!(await this.purposeKnown(input.purpose))) inputErrors.push({ field: 'purpose', message: `unknown purpose "${input.purpose}"; see GET /v1/purposes on the consent registry` });
    if (inputErrors.length) return this.refuse(owner, operation, inputErrors, input.purpose, batchId);
    const requestId = randomUUID();
    const eventId = randomUUID();
    const pseudonym = pseudonymFor(this.settings.pseudonymKey, input.citizenId);
    const ids = { requestId, eventId, now, batchId, sequentialId: this.sequence.observe(owner.organisationId, input.citizenId) };
    try {
      if (!idempotency) return await this.decideAndAnswer({ db: this.dataSource, owner, operation, input, fields, pseudonym, ids });
      // With an Idempotency-Key, the reservation, the answer and the stored response commit together.
      return await this.dataSource.transaction(async (manager) => {
        const earlier = await this.responses.reserve(manager, owner.organisationId, idempotency);
        if (earlier) throw new Refusal(earlier);
        const outcome = await this.decideAndAnswer({ db: manager, owner, operation, input, fields, pseudonym, ids });
        await this.responses.remember(manager, owner.organisationId, idempotency, outcome);
        return outcome;
      });
    } catch (error) {
      // A replayed or refused idempotent request: its answer, after the rollback.
      if (error instanceof Refusal) return error.outcome;
      if (error instanceof ChargeRefused) {
        await this.recordRejected(owner, operation, input.purpose, requestId, eventId, now, batchId, pseudonym, error.reason.toUpperCase().replace(/-/g, '_'));
        const status = error.reason === 'insufficient-balance' ? HttpStatus.PAYMENT_REQUIRED : HttpStatus.TOO_MANY_REQUESTS;
        throw new ProblemException(status, error.reason, error.reason === 'insufficient-balance' ? 'Insufficient prepaid balance' : 'Quota exceeded', error.message, { requestId });
      }
      throw error;
    }
  }

  /**
   * A batch of verifications (`{ items: [...] }`, 1 to 1,000), each checked, decided, answered,
   * charged and audited on its own, so a bad item fails alone. With an Idempotency-Key the batch
   * takes the key (bound to its whole body) and each item a key of its own derived from it, so a
   * repeated batch gives back each answered item's first response, charges none twice, and
   * answers the items a crash left unanswered. A body that is not a batch is refused before the
   * key is taken, so it can be corrected and sent again with the same key.
   */
  async batch(owner: ApiKeyOwner, body: unknown, idempotency?: Idempotency): Promise<{ batchId: string; items: BatchItem[]; replayed?: true }> {
    const errors = batchBodyErrors(body);
    if (errors.length) await this.refuse(owner, 'verify', errors, '', randomUUID());
    const taken = idempotency && (await this.responses.takeBatchKey(this.dataSource, owner.organisationId, idempotency));
    const batchId = taken?.batchId ?? randomUUID();
    const items: BatchItem[] = [];
    for (const [index, item] of (body as { items: unknown[] }).items.entries()) {
      // '#' is outside the keys clients may send, so an item's key never meets a client's own.
      const itemKey = idempotency && { key: `${idempotency.key}#${index}`, fingerprint: requestFingerprint('verify', item) };
      try {
        const outcome = await this.access(owner, 'verify', item, itemKey, batchId);
        items.push({ index, status: outcome.status, ...(outcome.problem ? { problem: outcome.body } : { result: outcome.body }) });
      } catch (error) {
        const problem = toProblem(error);
        items.push({ index, status: problem.status, problem });
      }
    }
    return { batchId, items, ...(taken?.replayed ? { replayed: true as const } : {}) };
  }

  /** Refuses a bad request with a 400 naming its fields; the attempt is audited (rejected), in its own transaction, and not charged. */
  private async refuse(owner: ApiKeyOwner, operation: AccessOperation, errors: FieldError[], purpose: string, batchId?: string): Promise<never> {
    await this.recordRejected(owner, operation, purpose, randomUUID(), randomUUID(), new Date(), batchId);
    throw new ValidationProblem(errors);
  }

  private async purposeKnown(code: string): Promise<boolean> {
    if (this.knownPurposes.has(code)) return true;
    const exists = await new ConsentReader(this.dataSource).purposeExists(code);
    if (exists) this.knownPurposes.add(code);
    return exists;
  }

  /** What the body says, at `now`: an ID number born after the current year is malformed. */
  private checkInput(citizenId: string, fields: string[], operation: AccessOperation, now: Date): FieldError[] {
    const errors: FieldError[] = [];
    const id = validateIdNumber(citizenId, { currentYear: idNumberCurrentYear(now) });
    if (!id.valid) errors.push(...id.errors.map((e) => ({ field: 'citizenId', message: e.message })));
    const where = operation === 'verify' ? 'claims' : 'fields';
    if (fields.length === 0) errors.push({ field: where, message: 'name at least one field' });
    fields.forEach((f, i) => {
      if (!isFieldCode(f)) errors.push({ field: operation === 'verify' ? `claims.${f}` : `fields[${i}]`, message: `unknown field "${f}"; see GET /v1/fields` });
    });
    if (new Set(fields).size !== fields.length) errors.push({ field: where, message: 'a field is listed twice' });
    return errors;
  }

  /**
   * Reads, decides, answers and records: a decision's inputs in one query, the citizen's record
   * (used only once allowed), then one statement for the charge, request row and audit outbox row.
   * `db` is the pool (the record statement commits by itself) or, with an Idempotency-Key, the
   * manager of the transaction that also holds the key.
   */
  private async decideAndAnswer(attempt: Attempt): Promise<Outcome> {
    const { db, owner, input, pseudonym, ids } = attempt;
    // On the pool, the citizen's row is read alongside the decision's inputs: one wait instead of
    // two. It is used only once the decision allows; a denial drops it unread.
    const pooledCitizen = db === this.dataSource ? this.citizens.call(input.citizenId) : undefined;
    pooledCitizen?.catch(() => undefined);
    const { licence, suspension, policyVersion, consent } = await this.policy.forRequest(db, {
      organisationId: owner.organisationId,
      apiKeyId: owner.keyId,
      purposeCode: input.purpose,
      citizenPseudonym: pseudonym,
      now: ids.now,
    });
    const request = { organisationId: owner.organisationId, operation: attempt.operation, purposeCode: input.purpose, fields: attempt.fields, subject: 'organisation' as const, licence, consent, suspension, now: ids.now, policyVersion };
    let decision = this.evaluator.decide(request);
    // A consent with a frequency limit: the use is taken before answering, in one statement, so
    // concurrent requests on any replica cannot both take its last use. None left: a denial.
    const frequency = consent?.frequency && decision.effect === 'allow' && decision.consentId === consent.consentId ? consent.frequency : undefined;
    let taken: ConsentUse | undefined;
    if (consent && frequency) {
      const since = frequencyPeriodStart(frequency.period, ids.now);
      if (await new GatewayRequestRepository(db).takeUse(consent.consentId, since, frequency.limit)) taken = { consentId: consent.consentId, since };
      else decision = this.evaluator.decide({ ...request, consent: { ...consent, usesInPeriod: frequency.limit } });
    }
    try {
      return await this.answer(attempt, decision, consent, pooledCitizen, taken);
    } catch (error) {
      if (taken) await new GatewayRequestRepository(db).returnUse(taken.consentId, taken.since).catch(() => undefined);
      throw error;
    }
  }

  /** Answers (or denies) a decided request and records it; `taken` is a consent use to give back if it is not answered. */
  private async answer(
    attempt: Attempt,
    decision: Decision,
    consent: ConsentSnapshot | null | undefined,
    pooledCitizen: Promise<CitizenRecord | null> | undefined,
    taken: ConsentUse | undefined,
  ): Promise<Outcome> {
    const { db, owner, operation, input, fields, pseudonym, ids } = attempt;
    const records = db === this.dataSource ? this.batcher : new AccessRecordWriter(db);
    // The request row lists the fields answered; the audit event, the fields touched (asked, when refused).
    const record = (effect: 'allow' | 'deny', consentId: string | null, reasonCode: string, answered: string[], touched: string[], charge: Charge | null, noMatch = false) =>
      accessRecord({
        ...this.requester(owner, operation, input.purpose, pseudonym, ids),
        decision: effect,
        reasonCode,
        consentId,
        legalBasis: legalBasisOf(decision),
        answered,
        touched,
        charge,
        noMatch,
        sequentialId: ids.sequentialId,
      });

    if (decision.effect === 'deny') {
      const reason = decision.reasons[0]?.code ?? 'DENIED';
      let status: number = HttpStatus.FORBIDDEN;
      let reasonCode: string = reason;
      if (CONSENT_REASONS.has(reason) && !decision.basis) {
        const touched = await new GuardCountersRepository(db).touchWithoutConsent(owner.organisationId, vietnamDate(ids.now), pseudonym);
        if (touched > this.settings.enumerationDailyLimit) {
          status = HttpStatus.TOO_MANY_REQUESTS;
          reasonCode = 'ENUMERATION_GUARD';
        }
      }
      const denied = record('deny', consent?.consentId ?? null, reasonCode, [], fields, null);
      await records.write(denied.row, denied.event);
      const body =
        status === HttpStatus.TOO_MANY_REQUESTS
          ? accessProblem(status, 'enumeration-guard', 'Too many citizens without consent', `This organisation has reached its daily limit of ${this.settings.enumerationDailyLimit} distinct citizens without consent`, { requestId: ids.requestId, reasonCode, audit: { eventId: ids.eventId }, retryAfterSeconds: 3600 })
          : accessProblem(status, 'access-denied', 'Access denied', decision.reasons.map((r) => r.message).join('; '), {
              requestId: ids.requestId,
              reasonCode,
              reasons: decision.reasons,
              audit: { eventId: ids.eventId },
              policyVersion: decision.policyVersion,
            });
      return { status, body, problem: true };
    }

    const citizen = pooledCitizen ? await pooledCitizen : await new CitizenReader(db).findByIdNumber(input.citizenId);
    let answer: Pick<AccessAnswer, 'results' | 'data' | 'masked' | 'withheld'>;
    let answered: FieldCode[];
    let noMatch: boolean;
    if (operation === 'verify') {
      const results = verifyClaims(citizen, input.claims ?? {}, decision.allowedFields);
      answered = Object.keys(results) as FieldCode[];
      answer = { results };
      noMatch = answered.length > 0 && answered.every((f) => results[f] === 'no_match');
    } else {
      if (!citizen) {
        // Only reached with consent or a legal duty: the organisation may learn this much.
        const missing = record('deny', decision.consentId, 'CITIZEN_NOT_FOUND', [], fields, null, true);
        await records.write(missing.row, missing.event);
        if (taken) await new GatewayRequestRepository(db).returnUse(taken.consentId, taken.since);
        return {
          status: HttpStatus.NOT_FOUND,
          body: accessProblem(404, 'citizen-not-found', 'No such citizen', 'No citizen record has this ID number', { requestId: ids.requestId, audit: { eventId: ids.eventId } }),
          problem: true,
        };
      }
      const out = lookupFields(citizen, decision.allowedFields, decision.obligations);
      answered = Object.keys(out.values) as FieldCode[];
      answer = { data: out.values, masked: out.masked, withheld: out.withheld };
      noMatch = false;
    }
    const prepared = await this.meter.prepare(db, {
      requestId: ids.requestId,
      organisationId: owner.organisationId,
      organisationKind: owner.organisationKind,
      product: ACCESS_PRODUCTS[operation],
      purpose: input.purpose,
      fieldsCount: answered.length,
      citizenSelf: false,
      at: ids.now,
    });
    const allowed = record('allow', decision.consentId, decision.reasons[0]?.code ?? 'ALLOWED', answered, answered, prepared.charge, noMatch);
    const charge = await prepared.settle(await records.write(allowed.row, allowed.event, prepared.call));
    const body: AccessAnswer = {
      requestId: ids.requestId,
      decision: 'allow',
      ...answer,
      deniedFields: decision.deniedFields,
      charge: { ...charge, fields: answered },
      audit: { eventId: ids.eventId },
      policyVersion: decision.policyVersion,
    };
    return { status: HttpStatus.OK, body: body as unknown as Record<string, unknown>, problem: false };
  }

  /**
   * A refused input (or a refused charge) is audited, in its own transaction, and not charged.
   * `purpose` is already within the body's limit: checked by accessBodyErrors, or cut by purposeOf.
   * It is recorded as the audit log can hold it (`auditablePurpose`): an empty one, or one with
   * control characters, would have the event rejected by the log.
   */
  private async recordRejected(
    owner: ApiKeyOwner,
    operation: AccessOperation,
    purpose: string,
    requestId: string,
    eventId: string,
    now: Date,
    batchId?: string,
    pseudonym: string | null = null,
    reasonCode = 'INVALID_INPUT',
  ) {
    const rejected = accessRecord({
      ...this.requester(owner, operation, auditablePurpose(purpose), pseudonym, { requestId, eventId, now, batchId }),
      decision: 'rejected',
      reasonCode,
      consentId: null,
      legalBasis: { kind: 'consent', consentId: null },
      answered: [],
      touched: [],
      charge: null,
    });
    await new AccessRecordWriter(this.dataSource).write(rejected.row, rejected.event);
  }

  /** Who asks, for what, and the request's ids: what every record of a request shares. */
  private requester(owner: ApiKeyOwner, operation: AccessOperation, purpose: string, pseudonym: string | null, ids: AccessRecordInput['ids']) {
    return { organisationId: owner.organisationId, apiKeyId: owner.keyId, operation, purpose, pseudonym, ids };
  }
}
