import { fieldDefinition } from '@consentry/population-domain';
import type { Consent, ConsentTransition, Purpose } from './consent.types';

/**
 * A consent receipt in the spirit of ISO/IEC TS 27560 and Kantara consent receipts: what the
 * citizen agreed to (or withdrew), with whom, for what, and when. It is signed as a JWS by the
 * registry, so anyone with the published key can check it was issued and not altered.
 */
export interface ConsentReceipt {
  receiptVersion: '1';
  receiptId: string;
  issuer: string;
  issuedAt: string;
  consentId: string;
  sequence: number;
  action: ConsentTransition['action'];
  previousState: ConsentTransition['fromState'];
  state: ConsentTransition['toState'];
  dataSubject: { pseudonym: string };
  dataUser: { organisationId: string; name: string };
  purpose: Purpose;
  fields: { code: string; label: string; category: 'basic' | 'sensitive' }[];
  operations: string[];
  frequency: Consent['terms']['frequency'];
  validity: { from: string; to: string };
  dataLifeDays: number;
  actor: ConsentTransition['actor'];
  reason: string | null;
}

export function buildReceipt(args: {
  receiptId: string;
  issuer: string;
  consent: Consent;
  transition: ConsentTransition;
  purpose: Purpose;
  organisationName: string;
}): ConsentReceipt {
  const { consent, transition } = args;
  return {
    receiptVersion: '1',
    receiptId: args.receiptId,
    issuer: args.issuer,
    issuedAt: transition.at,
    consentId: consent.id,
    sequence: transition.sequence,
    action: transition.action,
    previousState: transition.fromState,
    state: transition.toState,
    dataSubject: { pseudonym: consent.citizenPseudonym },
    dataUser: { organisationId: consent.organisationId, name: args.organisationName },
    purpose: args.purpose,
    fields: transition.grantedFields.map((code) => {
      const def = fieldDefinition(code);
      return { code, label: `${def.label.vi} / ${def.label.en}`, category: def.category };
    }),
    operations: consent.terms.operations,
    frequency: consent.terms.frequency,
    validity: { from: consent.terms.validFrom, to: consent.terms.validTo },
    dataLifeDays: consent.terms.dataLifeDays,
    actor: transition.actor,
    reason: transition.reason,
  };
}
