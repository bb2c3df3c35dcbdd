import { AuditLeaf, decodeAuditLeaf } from '@consentry/audit-domain';
import { AuditEntryRow, CheckpointRow } from '@consentry/audit-data-access';
import { CheckpointDto, PublicEntryDto, PublicEntryFieldsDto } from './log.dto';

export const b64 = (bytes: Buffer) => bytes.toString('base64');

export function publicFields(leaf: AuditLeaf): PublicEntryFieldsDto {
  return {
    eventId: leaf.eventId,
    occurredAt: leaf.occurredAt,
    organisationId: leaf.organisationId,
    operation: leaf.operation,
    purpose: leaf.purpose,
    legalBasis: leaf.legalBasis,
    decision: leaf.decision,
    reasonCode: leaf.reasonCode,
    fields: leaf.fields,
    fee: leaf.fee,
    requestId: leaf.requestId,
    disclosureAfter: leaf.disclosureAfter,
    ...(leaf.noMatch ? { noMatch: true } : {}),
    ...(leaf.sequentialId ? { sequentialId: true } : {}),
    // The role only: these fields reach citizens, who learn that staff asked, not which account.
    ...(leaf.actor ? { requestedBy: leaf.actor.role } : {}),
  };
}

export function toPublicEntry(row: AuditEntryRow): PublicEntryDto {
  const leaf = decodeAuditLeaf(row.leaf);
  return {
    index: row.index,
    leaf: b64(row.leaf),
    leafHash: b64(row.leafHash),
    subject: leaf.subject,
    sequencedAt: row.sequencedAt.toISOString(),
    ...publicFields(leaf),
  };
}

export function toCheckpoint(row: CheckpointRow): CheckpointDto {
  return { id: row.id, treeSize: row.treeSize, rootHash: b64(row.rootHash), note: row.note, publishedAt: row.createdAt.toISOString() };
}
