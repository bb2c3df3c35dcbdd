import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Decision, OBLIGATION_KINDS, REASON_CODES } from '@consentry/policy-domain';
import type { FieldError } from '@consentry/shared-http';

export class DeniedFieldView {
  @ApiProperty() field: string;
  @ApiProperty({ enum: REASON_CODES }) reasonCode: string;
}

export class ObligationView {
  @ApiProperty() field: string;
  @ApiProperty({ enum: OBLIGATION_KINDS }) kind: string;
}

export class ReasonView {
  @ApiProperty({ enum: REASON_CODES, description: 'Stable machine code' }) code: string;
  @ApiProperty({ description: 'Plain-language explanation' }) text: string;
}

export class DecisionOutcomeView {
  @ApiProperty({ enum: ['allow', 'deny'], description: 'allow when at least one requested field is allowed' }) decision: string;
  @ApiProperty({ type: [String] }) allowedFields: string[];
  @ApiProperty({ type: [DeniedFieldView] }) deniedFields: DeniedFieldView[];
  @ApiProperty({ type: [ObligationView], description: 'What may be returned for allowed fields (mask, match-only)' }) obligations: ObligationView[];
  @ApiProperty({ type: [ReasonView] }) reasons: ReasonView[];
  @ApiPropertyOptional({ nullable: true, enum: ['citizen-self', 'consent', 'legal-duty'] }) basis: string | null;
  @ApiPropertyOptional({ nullable: true }) licenceId: string | null;
  @ApiPropertyOptional({ nullable: true }) licenceVersion: number | null;
  @ApiPropertyOptional({ nullable: true, description: 'The consent relied on, when any' }) consentId: string | null;
  @ApiProperty({ example: '6f1c2a4e-0000-4000-8000-000000000001@2+r1', description: 'Licence id@version and rules version used' }) policyVersion: string;
  @ApiProperty() decidedAt: string;
}

export class DecisionView extends DecisionOutcomeView {
  @ApiProperty({ format: 'uuid', description: 'Id of the audit event this decision was logged as' }) auditEventId: string;
}

export class FieldProblemView {
  @ApiProperty() field: string;
  @ApiProperty() message: string;
}

export class SimulationView extends DecisionOutcomeView {
  @ApiProperty({ description: 'Always true: nothing was recorded or logged as an access' }) simulated: boolean;
  @ApiProperty({ enum: ['current', 'proposed', 'none'] }) licenceSource: string;
  @ApiProperty({ enum: ['registry', 'hypothetical', 'none'] }) consentSource: string;
  @ApiProperty({ type: [FieldProblemView], description: 'What would stop an operator saving the proposed licence' }) licenceProblems: FieldProblemView[];
}

export function toDecisionOutcome(d: Decision, decidedAt: Date): DecisionOutcomeView {
  return {
    decision: d.effect,
    allowedFields: [...d.allowedFields],
    deniedFields: d.deniedFields.map((f) => ({ field: f.field, reasonCode: f.reasonCode })),
    obligations: d.obligations.map((o) => ({ field: o.field, kind: o.kind })),
    reasons: d.reasons.map((r) => ({ code: r.code, text: r.message })),
    basis: d.basis,
    licenceId: d.licenceId,
    licenceVersion: d.licenceVersion,
    consentId: d.consentId,
    policyVersion: d.policyVersion,
    decidedAt: decidedAt.toISOString(),
  };
}

export function toDecisionView(d: Decision, decidedAt: Date, auditEventId: string): DecisionView {
  return { ...toDecisionOutcome(d, decidedAt), auditEventId };
}

export function toSimulationView(
  d: Decision,
  at: Date,
  sources: { licence: 'current' | 'proposed' | 'none'; consent: 'registry' | 'hypothetical' | 'none' },
  licenceProblems: FieldError[],
): SimulationView {
  return { ...toDecisionOutcome(d, at), simulated: true, licenceSource: sources.licence, consentSource: sources.consent, licenceProblems };
}
