import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { answeredRequestsInLog } from '@consentry/audit-feature';
import { AuditLedgerSource } from '@consentry/metering-feature';

/** Metering's reconciliation reads the audit log's answered requests (same PostgreSQL cluster). */
@Injectable()
export class AuditLogLedgerSource extends AuditLedgerSource {
  readonly available = true;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  answeredRequests(period: { from: Date; to: Date }) {
    return answeredRequestsInLog(this.dataSource, period);
  }
}
