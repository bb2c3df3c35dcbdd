import { DisputeRow } from '@consentry/audit-data-access';
import { b64, publicFields } from '../public-log/log.mapper';
import { CitizenHistory, DecodedEntry } from '../queries/audit-query.service';
import { CitizenAccessPageDto, DisputeDto } from './citizen-access.dto';

export function toCitizenAccessPage(history: CitizenHistory): CitizenAccessPageDto {
  const checkpoint = history.checkpoint;
  return {
    items: history.items.map((item) => ({
      index: item.row.index,
      ...publicFields(item.leaf),
      leaf: b64(item.row.leaf),
      subjectSalt: b64(item.row.subjectSalt!),
      personal: item.personal,
      personalErased: item.personalErased,
      inclusion: item.proof && checkpoint ? { treeSize: checkpoint.treeSize, proof: item.proof.map(b64) } : null,
    })),
    nextCursor: history.nextCursor,
    checkpoint: checkpoint ? { treeSize: checkpoint.treeSize, rootHash: b64(checkpoint.rootHash), note: checkpoint.note } : null,
  };
}

export function toDispute(row: DisputeRow): DisputeDto {
  return { disputeId: row.id, entryIndex: row.entryIndex, status: row.status, reason: row.reason, openedAt: row.createdAt.toISOString() };
}

export const ACCESS_EXPORT_HEADER = [
  'occurredAt', 'organisationId', 'operation', 'purpose', 'legalBasis', 'consentOrReference', 'decision', 'reasonCode',
  'fields', 'feeVnd', 'feeProduct', 'requestId', 'logIndex', 'eventId', 'requestedBy',
];

/** One export row per access, in the header's order; shared by the CSV and PDF exports. */
export function toExportRow({ row, leaf }: DecodedEntry): string[] {
  return [
    leaf.occurredAt,
    leaf.organisationId,
    leaf.operation,
    leaf.purpose,
    leaf.legalBasis.kind,
    (leaf.legalBasis.kind === 'consent' ? leaf.legalBasis.consentId : leaf.legalBasis.reference) ?? '',
    leaf.decision,
    leaf.reasonCode,
    leaf.fields.join(';'),
    leaf.fee?.amountVnd ?? '',
    leaf.fee?.product ?? '',
    leaf.requestId,
    String(row.index),
    leaf.eventId,
    // Empty when the organisation acted; the staff role when staff asked (never the account).
    leaf.actor?.role ?? '',
  ];
}

/**
 * A readable line per access for the PDF. A decision staff asked about an organisation says so,
 * instead of "by <organisation>": the organisation did nothing.
 */
export function toPdfLine(entry: DecodedEntry): string {
  const [at, org, op, purpose, basis, ref, decision, reason, fields, fee] = toExportRow(entry);
  const who = entry.leaf.actor ? `about ${org}, asked by a ${entry.leaf.actor.role} (staff), not by the organisation,` : `by ${org}`;
  return `${at.slice(0, 19).replace('T', ' ')}Z #${entry.row.index} ${decision.toUpperCase()} ${op} ${who} for ${purpose} (${basis}${ref ? ' ' + ref : ''}; ${reason}) fields: ${fields || '-'}${fee ? `; fee ${fee} VND` : ''}`;
}
