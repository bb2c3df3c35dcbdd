import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Clock } from '@consentry/audit-feature';
import { DataSubjectRequestRepository } from '@consentry/monitoring-data-access';
import { DEADLINE_RULES_V1, VIETNAM_WORKING_CALENDAR, type DataSubjectRequestKind } from '@consentry/monitoring-domain';
import { ProblemException } from '@consentry/shared-http';
import { DATA_PROTECTION_CLOCK } from '../data-protection.settings';
import type { AnswerDataSubjectRequestDto, DataSubjectRequestDto, DataSubjectRequestListDto, DataSubjectRequestListQueryDto, OverdueRequestsDto } from './data-subject-request.dto';
import { toOverdueDto, toRequestDto } from './data-subject-request.mapper';

const notFound = (id: string) => new ProblemException(404, 'request-not-found', 'No such request', `No data-subject request ${id} is visible to you`);

/** Data-subject requests: filed by a citizen, deadlines fixed at filing, handled by the operator. */
@Injectable()
export class DataSubjectRequestService {
  private readonly logger = new Logger('DataSubjectRequests');
  private readonly requests = new DataSubjectRequestRepository();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(DATA_PROTECTION_CLOCK) private readonly clock: Clock,
  ) {}

  async file(citizenPseudonym: string, kind: DataSubjectRequestKind, details: string | null): Promise<DataSubjectRequestDto> {
    const now = this.clock.now();
    const r = await this.requests.file(this.db, { citizenPseudonym, kind, details }, now.toISOString(), VIETNAM_WORKING_CALENDAR, DEADLINE_RULES_V1);
    this.logger.log({ msg: 'data-subject request filed', requestId: r.id, kind, answerBy: r.answerBy });
    return toRequestDto(r, now);
  }

  async forCitizen(citizenPseudonym: string, query: DataSubjectRequestListQueryDto): Promise<DataSubjectRequestListDto> {
    const now = this.clock.now();
    const page = await this.requests.forCitizen(this.db, citizenPseudonym, { limit: query.limit ?? 50, cursor: query.cursor });
    return { items: page.items.map((r) => toRequestDto(r, now)), nextCursor: page.nextCursor };
  }

  /** Another citizen's request and a missing one look the same: 404. */
  async citizenRequest(citizenPseudonym: string, id: string): Promise<DataSubjectRequestDto> {
    const r = await this.requests.get(this.db, id);
    if (!r || r.citizenPseudonym !== citizenPseudonym) throw notFound(id);
    return toRequestDto(r, this.clock.now());
  }

  async openForOperator(query: DataSubjectRequestListQueryDto): Promise<DataSubjectRequestListDto> {
    const now = this.clock.now();
    const page = await this.requests.open(this.db, { limit: query.limit ?? 50, cursor: query.cursor });
    return { items: page.items.map((r) => toRequestDto(r, now)), nextCursor: page.nextCursor };
  }

  async operatorRequest(id: string): Promise<DataSubjectRequestDto> {
    const r = await this.requests.get(this.db, id);
    if (!r) throw notFound(id);
    return toRequestDto(r, this.clock.now());
  }

  async acknowledge(id: string, operatorAccountId: string): Promise<DataSubjectRequestDto> {
    await this.operatorRequest(id);
    if (!(await this.requests.acknowledge(this.db, id, this.clock.now().toISOString(), `operator:${operatorAccountId}`))) {
      throw new ProblemException(409, 'request-already-acknowledged', 'Already acknowledged', `Request ${id} is already acknowledged`);
    }
    return this.operatorRequest(id);
  }

  async answer(id: string, operatorAccountId: string, body: AnswerDataSubjectRequestDto): Promise<DataSubjectRequestDto> {
    await this.operatorRequest(id);
    const at = this.clock.now().toISOString();
    if (!(await this.requests.answer(this.db, id, body.outcome, at, { actor: `operator:${operatorAccountId}`, note: body.note ?? null }))) {
      throw new ProblemException(409, 'request-already-answered', 'Already answered', `Request ${id} is already answered`);
    }
    this.logger.log({ msg: 'data-subject request answered', requestId: id, outcome: body.outcome });
    return this.operatorRequest(id);
  }

  /** The regulator's escalation list: computed at read time, so nothing overdue can be missed by a late sweep. */
  async overdue(): Promise<OverdueRequestsDto> {
    const now = this.clock.now();
    const items = (await this.requests.overdue(this.db, now.toISOString())).map((r) => toOverdueDto(r, now));
    const byKind: Record<string, number> = {};
    for (const i of items) byKind[i.kind] = (byKind[i.kind] ?? 0) + 1;
    return {
      asOf: now.toISOString(),
      counts: {
        total: items.length,
        acknowledgementOverdue: items.filter((i) => i.status === 'acknowledgement-overdue').length,
        answerOverdue: items.filter((i) => i.status === 'answer-overdue').length,
        byKind,
      },
      items: items.slice(0, 500),
    };
  }
}
