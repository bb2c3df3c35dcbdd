import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FieldCode } from '@consentry/population-domain';
import { ConsentOperation, ConsentSnapshot, ConsentState, FrequencyPeriod, Licence, Operation, RequestSubject, simulateDecision, validateLicence } from '@consentry/policy-domain';
import { FieldError } from '@consentry/shared-http';
import { licenceFieldErrors } from '../common/policy-problems.util';
import { licenceFromTerms } from '../licences/licence-terms.util';
import { PolicyReader } from '../policy-reader.service';
import { RULES_VERSION } from '../policy-version.util';
import { CLOCK, Clock, POLICY_SETTINGS, PolicySettings } from '../policy.tokens';
import { citizenPseudonym } from './citizen-pseudonym.util';
import { HypotheticalConsentDto, SimulationRequestDto } from './decision.dto';
import { SimulationView, toSimulationView } from './decision.mapper';

const YEAR_MS = 365 * 86_400_000;

/**
 * "What would happen if": the same decision on a proposed licence and/or a hypothetical consent,
 * optionally as at another instant. Reads only; nothing is written, enqueued or logged as an
 * access, and the proposed licence never enters a cache (simulateDecision compiles afresh).
 * `at` selects the licence version and the validity windows; suspensions and consent states are
 * those recorded now (their history is not replayed).
 */
@Injectable()
export class SimulationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POLICY_SETTINGS) private readonly settings: PolicySettings,
    private readonly reader: PolicyReader,
  ) {}

  async simulate(dto: SimulationRequestDto): Promise<SimulationView> {
    const now = this.clock.now();
    const at = dto.at ? new Date(dto.at) : now;
    const pseudonym = dto.citizenId === undefined ? undefined : citizenPseudonym(this.settings.pseudonymKey, dto.citizenId, now);
    const subject = (dto.subject ?? 'organisation') as RequestSubject;
    const inputs = await this.reader.forRequest(this.dataSource, dto.organisationId, dto.apiKeyId, dto.purpose, at);

    let licence: Licence | undefined = inputs.licence;
    let policyVersion = inputs.policyVersion;
    let licenceProblems: FieldError[] = [];
    if (dto.licence) {
      // Proposed as the next version of the licence in force, or as a new licence.
      const base = inputs.licence;
      licence = licenceFromTerms(dto.licence, { id: base?.id ?? randomUUID(), organisationId: dto.organisationId, version: (base?.version ?? 0) + 1 });
      licenceProblems = licenceFieldErrors(validateLicence(licence), 'licence');
      policyVersion = `proposed+${RULES_VERSION}`;
    }

    let consent: ConsentSnapshot | undefined;
    let consentSource: 'registry' | 'hypothetical' | 'none' = 'none';
    if (dto.consent) {
      consent = hypotheticalConsent(dto.consent, dto.purpose, at);
      consentSource = 'hypothetical';
    } else if (pseudonym && subject !== 'citizen-self') {
      consent = await this.reader.consentFor(this.dataSource, pseudonym, dto.organisationId, dto.purpose, at);
      if (consent) consentSource = 'registry';
    }

    const decision = simulateDecision({
      organisationId: dto.organisationId,
      operation: dto.operation as Operation,
      purposeCode: dto.purpose,
      fields: dto.fields,
      subject,
      licence,
      consent,
      suspension: inputs.suspension,
      now: at,
      policyVersion,
    });
    const licenceSource = dto.licence ? 'proposed' : licence ? 'current' : 'none';
    return toSimulationView(decision, at, { licence: licenceSource, consent: consentSource }, licenceProblems);
  }
}

function hypotheticalConsent(c: HypotheticalConsentDto, purposeCode: string, at: Date): ConsentSnapshot {
  return {
    consentId: 'hypothetical',
    state: (c.state ?? 'ACTIVE') as ConsentState,
    purposeCode,
    fields: c.fields as FieldCode[],
    operations: c.operations as ConsentOperation[],
    validFrom: c.validFrom ? new Date(c.validFrom).toISOString() : at.toISOString(),
    validTo: c.validTo ? new Date(c.validTo).toISOString() : new Date(at.getTime() + YEAR_MS).toISOString(),
    frequency: c.frequency ? { limit: c.frequency.limit, period: c.frequency.period as FrequencyPeriod } : null,
    usesInPeriod: c.usesInPeriod ?? 0,
  };
}
