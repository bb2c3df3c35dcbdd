import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Purpose, availableActions, describeConsent, splitByCategory } from '@consentry/consent-domain';
import { ConsentHead, StoredTransition } from '@consentry/consent-data-access';

export class ConsentView {
  @ApiProperty() consentId: string;
  @ApiProperty({ enum: ['PENDING', 'ACTIVE', 'REJECTED', 'PAUSED', 'REVOKED', 'EXPIRED'] }) state: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ type: [String] }) fieldsRequested: string[];
  @ApiProperty({ type: [String], description: 'Granted by the citizen; in force only while ACTIVE' }) fieldsGranted: string[];
  @ApiProperty({ type: [String] }) operations: string[];
  @ApiPropertyOptional({ nullable: true, example: { limit: 5, period: 'month' } }) frequency: { limit: number; period: string } | null;
  @ApiProperty() validFrom: string;
  @ApiProperty() validTo: string;
  @ApiProperty() dataLifeDays: number;
  @ApiProperty() requestExpiresAt: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() stateSince: string;
  @ApiProperty({ description: 'Number of transitions so far' }) sequence: number;
}

export class CitizenConsentView extends ConsentView {
  @ApiProperty({ example: { id: '…', name: 'Demo Bank' } }) organisation: { id: string; name: string };
  @ApiProperty() purposeTitle: string;
  @ApiProperty({ description: 'What this consent means, in plain words' }) text: string;
  @ApiProperty({ type: [String], description: 'Sensitive fields, named one by one' }) sensitiveFields: string[];
  @ApiProperty({ type: [String], example: ['pause', 'revoke'] }) actions: string[];
}

export class ConsentPage<T> {
  @ApiProperty({ isArray: true }) items: T[];
  @ApiPropertyOptional({ nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

export class HistoryEntryView {
  @ApiProperty() sequence: number;
  @ApiProperty() action: string;
  @ApiPropertyOptional({ nullable: true }) fromState: string | null;
  @ApiProperty() toState: string;
  @ApiProperty({ type: [String] }) grantedFields: string[];
  @ApiProperty({ enum: ['citizen', 'organisation', 'system'] }) by: string;
  @ApiPropertyOptional({ nullable: true }) reason: string | null;
  @ApiProperty() at: string;
  @ApiProperty() receiptId: string;
}

export class ReceiptView {
  @ApiProperty() receiptId: string;
  @ApiProperty({ description: 'Compact JWS (EdDSA); verify with the keys at /.well-known/jwks.json' }) jws: string;
  @ApiProperty({ description: 'The signed receipt, decoded for reading' }) receipt: object;
}

export function toConsentView(h: ConsentHead): ConsentView {
  return {
    consentId: h.id,
    state: h.state,
    purpose: h.terms.purposeCode,
    fieldsRequested: h.terms.fields,
    fieldsGranted: h.grantedFields,
    operations: h.terms.operations,
    frequency: h.terms.frequency,
    validFrom: h.terms.validFrom,
    validTo: h.terms.validTo,
    dataLifeDays: h.terms.dataLifeDays,
    requestExpiresAt: h.terms.requestExpiresAt,
    createdAt: h.createdAt,
    stateSince: h.stateSince,
    sequence: h.sequence,
  };
}

export function toCitizenConsentView(h: ConsentHead, organisationName: string, purpose: Purpose): CitizenConsentView {
  const shown = h.state === 'PENDING' ? h.terms.fields : h.grantedFields;
  return {
    ...toConsentView(h),
    organisation: { id: h.organisationId, name: organisationName },
    purposeTitle: purpose.title,
    text: describeConsent(organisationName, purpose, h.terms, shown),
    sensitiveFields: splitByCategory(shown).sensitive,
    actions: availableActions(h.state, 'citizen'),
  };
}

export function toHistoryEntry(t: StoredTransition): HistoryEntryView {
  return {
    sequence: t.sequence,
    action: t.action,
    fromState: t.fromState,
    toState: t.toState,
    grantedFields: t.grantedFields,
    by: t.actor.kind,
    reason: t.reason,
    at: t.at,
    receiptId: t.receiptId,
  };
}

export function toReceiptView(t: StoredTransition): ReceiptView {
  const payload = JSON.parse(Buffer.from(t.receiptJws.split('.')[1], 'base64url').toString('utf8'));
  return { receiptId: t.receiptId, jws: t.receiptJws, receipt: payload };
}
