import { FieldCode, fieldDefinition } from '@consentry/population-domain';
import type { ConsentTerms, Purpose } from './consent.types';
import { splitByCategory } from './consent-terms.util';

const OPERATION_TEXT = { verify: 'check (match / no match)', lookup: 'receive' } as const;

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const labels = (fields: FieldCode[]) => fields.map((f) => fieldDefinition(f).label.en.toLowerCase());

/**
 * What a consent means, in plain English, for the citizen deciding on it: who, what (basic and
 * sensitive data named apart), why, how often, how long, and how long the data may be kept.
 */
export function describeConsent(organisationName: string, purpose: Purpose, terms: ConsentTerms, fields: FieldCode[] = terms.fields): string {
  const { basic, sensitive } = splitByCategory(fields);
  const what = [
    basic.length ? `your ${list(labels(basic))}` : '',
    sensitive.length ? `the sensitive data ${list(labels(sensitive))}` : '',
  ].filter(Boolean);
  const how = list(terms.operations.map((op) => OPERATION_TEXT[op]));
  const frequency = !terms.frequency
    ? ''
    : terms.frequency.period === 'once'
      ? ' Only once.'
      : ` At most ${terms.frequency.limit} time${terms.frequency.limit === 1 ? '' : 's'} per ${terms.frequency.period}.`;
  const keep = terms.dataLifeDays === 0 ? 'may not keep it' : `may keep it for ${terms.dataLifeDays} day${terms.dataLifeDays === 1 ? '' : 's'}`;
  return (
    `${organisationName} wants to ${how} ${list(what)} for "${purpose.title}" ` +
    `from ${terms.validFrom.slice(0, 10)} until ${terms.validTo.slice(0, 10)}.${frequency} ` +
    `It ${keep} after receiving it. You can pause or withdraw this consent at any time; withdrawal is not retroactive.`
  );
}
