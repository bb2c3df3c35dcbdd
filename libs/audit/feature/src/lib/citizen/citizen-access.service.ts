import { Injectable } from '@nestjs/common';
import { DisputeRepository, DisputeRow } from '@consentry/audit-data-access';
import { ProblemException } from '@consentry/shared-http';
import { renderTextPdf } from '../export/pdf.util';
import { toCsv } from '../export/csv.util';
import { AuditQueryService, CitizenFilters, DecodedEntry } from '../queries/audit-query.service';
import { ACCESS_EXPORT_HEADER, toExportRow, toPdfLine } from './citizen-access.mapper';

/** Most rows in one export; a citizen with more narrows the dates. */
export const MAX_EXPORT_ROWS = 10_000;

/** The citizen's use cases beyond paging: export and dispute. */
@Injectable()
export class CitizenAccessService {
  constructor(
    private readonly queries: AuditQueryService,
    private readonly disputes: DisputeRepository,
  ) {}

  async exportCsv(pseudonym: string, filters: CitizenFilters): Promise<string> {
    return toCsv(ACCESS_EXPORT_HEADER, (await this.allEntries(pseudonym, filters)).map(toExportRow));
  }

  async exportPdf(pseudonym: string, filters: CitizenFilters, generatedAt: Date): Promise<Buffer> {
    const entries = await this.allEntries(pseudonym, filters);
    const lines = [
      `Generated ${generatedAt.toISOString()} from the Consentry audit log. ${entries.length} access(es), newest first.`,
      'Each access is in the verifiable log under its #index; the CSV export and the online history carry the proofs.',
      '',
      ...entries.map(toPdfLine),
    ];
    return renderTextPdf('Consentry - who accessed my data', lines);
  }

  async openDispute(pseudonym: string, accountId: string, index: number, reason: string): Promise<DisputeRow> {
    const entry = await this.queries.citizenEntry(pseudonym, index);
    // Not yours and not found look the same, so the endpoint reveals nothing about others.
    if (!entry) throw new ProblemException(404, 'access-not-found', 'No such access', `You have no access record ${index}`);
    const dispute = await this.disputes.open({ entryIndex: index, citizenPseudonym: pseudonym, accountId, reason });
    if (!dispute) throw new ProblemException(409, 'dispute-already-open', 'Dispute already open', `You already have an open dispute on access ${index}`);
    return dispute;
  }

  listDisputes(pseudonym: string): Promise<DisputeRow[]> {
    return this.disputes.forCitizen(pseudonym);
  }

  private async allEntries(pseudonym: string, filters: CitizenFilters): Promise<DecodedEntry[]> {
    const all: DecodedEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.queries.citizenHistory(pseudonym, filters, { limit: 100, cursor }, false);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && all.length < MAX_EXPORT_ROWS);
    if (cursor) throw new ProblemException(422, 'export-too-large', 'Too many rows', `An export holds at most ${MAX_EXPORT_ROWS} rows; narrow the dates`);
    return all;
  }
}
