import { auditEventFixture, buildAuditLeaf, validateAuditEvent } from '@consentry/audit-domain';
import type { AuditEntryRow } from '@consentry/audit-data-access';
import { publicFields } from '../public-log/log.mapper';
import type { DecodedEntry } from '../queries/audit-query.service';
import { ACCESS_EXPORT_HEADER, toExportRow, toPdfLine } from './citizen-access.mapper';

const STAFF = '5f0c2b7e-1d3a-4c8e-9b6f-2a4d6e8f0a1c';

function entry(overrides: Record<string, unknown>): DecodedEntry {
  const checked = validateAuditEvent({ ...auditEventFixture({ organisationId: 'bank-a' }), ...overrides });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  const { leaf, bytes } = buildAuditLeaf(checked.event, { subjectSalt: Buffer.alloc(16, 1) });
  return { row: { index: 7, leaf: bytes } as AuditEntryRow, leaf };
}

describe("a citizen's view of a decision staff asked about an organisation", () => {
  const asked = entry({ operation: 'decision', fee: null, reasonCode: 'CONSENT_GRANTED', fields: ['fullName'], actor: { role: 'regulator', subject: STAFF } });
  const own = entry({});

  it('says who asked by role, never the staff account', () => {
    expect(publicFields(asked.leaf)).toMatchObject({ organisationId: 'bank-a', requestedBy: 'regulator' });
    expect(JSON.stringify(publicFields(asked.leaf))).not.toContain(STAFF);
    expect(publicFields(own.leaf)).not.toHaveProperty('requestedBy');
  });

  it('puts the role in the export row, empty when the organisation acted', () => {
    expect(ACCESS_EXPORT_HEADER[ACCESS_EXPORT_HEADER.length - 1]).toBe('requestedBy');
    expect(toExportRow(asked)).toHaveLength(ACCESS_EXPORT_HEADER.length);
    expect(toExportRow(asked).at(-1)).toBe('regulator');
    expect(toExportRow(own).at(-1)).toBe('');
    expect(toExportRow(asked).join()).not.toContain(STAFF);
  });

  it('writes the text line as asked by staff, not as something the organisation did', () => {
    expect(toPdfLine(asked)).toBe(
      '2026-03-01 08:15:00Z #7 ALLOW decision about bank-a, asked by a regulator (staff), not by the organisation, for account-opening '
      + '(consent c0a80101-0000-4000-8000-000000000001; CONSENT_GRANTED) fields: fullName',
    );
    expect(toPdfLine(own)).toBe(
      '2026-03-01 08:15:00Z #7 ALLOW lookup by bank-a for account-opening (consent c0a80101-0000-4000-8000-000000000001; consent-valid) fields: fullName;dateOfBirth; fee 3000 VND',
    );
  });
});
