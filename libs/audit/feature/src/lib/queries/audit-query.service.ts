import { Inject, Injectable } from '@nestjs/common';
import { AuditLeaf, decodeAuditLeaf, openPersonal } from '@consentry/audit-domain';
import {
  AuditEntryRepository,
  AuditEntryRow,
  AuditTreeRepository,
  CheckpointRepository,
  CheckpointRow,
  CitizenKeyRepository,
  EntryFilters,
  UsageBucket,
} from '@consentry/audit-data-access';
import { AUDIT_CLOCK, Clock } from '../config/audit.tokens';
import { decodeCursor, encodeCursor } from './entry-cursor.util';

export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** An entry with its leaf decoded (what every view starts from). */
export interface DecodedEntry {
  row: AuditEntryRow;
  leaf: AuditLeaf;
}

export interface CitizenHistoryItem extends DecodedEntry {
  /** Decrypted personal payload; null when there is none, or its key was erased. */
  personal: Record<string, unknown> | null;
  personalErased: boolean;
  /** Inclusion proof in the checkpoint's tree; null while the entry is newer than the checkpoint. */
  proof: Buffer[] | null;
}

export interface CitizenHistory {
  items: CitizenHistoryItem[];
  nextCursor: string | null;
  checkpoint: CheckpointRow | null;
}

export interface EntryPageResult {
  items: DecodedEntry[];
  nextCursor: string | null;
}

/** Filters a citizen may use on their own history (the pseudonym always comes from the token). */
export type CitizenFilters = Pick<EntryFilters, 'organisationId' | 'purpose' | 'decision' | 'from' | 'to'>;
/** Filters an organisation may use on its own history. */
export type OrganisationFilters = Omit<EntryFilters, 'organisationId' | 'citizenPseudonym'>;

const decode = (row: AuditEntryRow): DecodedEntry => ({ row, leaf: decodeAuditLeaf(row.leaf) });

/**
 * The read side of the log for each audience. Who may ask what is decided by the callers
 * (controllers, the gateway); these methods take the audience's identity as an argument and
 * never widen it.
 */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly entries: AuditEntryRepository,
    private readonly tree: AuditTreeRepository,
    private readonly checkpoints: CheckpointRepository,
    private readonly citizenKeys: CitizenKeyRepository,
    @Inject(AUDIT_CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A citizen's own accesses, newest first, without entries still under deferred disclosure,
   * each with its inclusion proof against the latest checkpoint (one node fetch per page).
   */
  async citizenHistory(citizenPseudonym: string, filters: CitizenFilters, page: PageRequest, withProofs = true): Promise<CitizenHistory> {
    const result = await this.entries.page(
      { ...filters, citizenPseudonym },
      { limit: page.limit, cursor: decodeCursor(page.cursor), visibleAt: this.clock.now() },
    );
    const decoded = result.rows.map(decode);
    const checkpoint = withProofs ? await this.checkpoints.latest() : null;
    const provable = checkpoint ? decoded.filter((d) => d.row.index < checkpoint.treeSize) : [];
    const proofs = checkpoint && provable.length ? await this.tree.inclusionProofs(provable.map((d) => d.row.index), checkpoint.treeSize) : [];
    const proofOf = new Map(provable.map((d, i) => [d.row.index, proofs[i]]));
    const keys = decoded.some((d) => d.leaf.personal) ? await this.citizenKeys.find([citizenPseudonym]) : new Map<string, Buffer>();
    const key = keys.get(citizenPseudonym);
    return {
      items: decoded.map((d) => ({
        ...d,
        personal: d.leaf.personal && key ? (openPersonal(d.leaf, key) ?? null) : null,
        personalErased: Boolean(d.leaf.personal && !key),
        proof: proofOf.get(d.row.index) ?? null,
      })),
      nextCursor: encodeCursor(result.next),
      checkpoint,
    };
  }

  /** One entry of a citizen's, if it is theirs and already disclosed to them. */
  async citizenEntry(citizenPseudonym: string, index: number): Promise<DecodedEntry | null> {
    const row = await this.entries.byIndex(index);
    if (!row || row.citizenPseudonym !== citizenPseudonym) return null;
    if (row.disclosureAfter && row.disclosureAfter > this.clock.now()) return null;
    return decode(row);
  }

  /**
   * An organisation's own access history and denials, newest first. No HTTP endpoint here:
   * the gateway exposes it to the organisation's API key.
   */
  async organisationHistory(organisationId: string, filters: OrganisationFilters, page: PageRequest): Promise<EntryPageResult> {
    const result = await this.entries.page({ ...filters, organisationId }, { limit: page.limit, cursor: decodeCursor(page.cursor) });
    return { items: result.rows.map(decode), nextCursor: encodeCursor(result.next) };
  }

  /** Everything, for the regulator: deferred entries included. */
  async search(filters: EntryFilters, page: PageRequest): Promise<EntryPageResult> {
    const result = await this.entries.page(filters, { limit: page.limit, cursor: decodeCursor(page.cursor) });
    return { items: result.rows.map(decode), nextCursor: encodeCursor(result.next) };
  }

  statistics(filters: EntryFilters, bucket: 'day' | 'week' | 'month'): Promise<UsageBucket[]> {
    return this.entries.statistics(filters, bucket);
  }
}
