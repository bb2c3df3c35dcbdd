import { DynamicModule, Module, Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AuditEntryRepository,
  AuditLogWriter,
  AuditTreeRepository,
  CheckpointRepository,
  CitizenKeyRepository,
  DisputeRepository,
  RejectedEventRepository,
  SigningKeyRepository,
} from '@consentry/audit-data-access';
import { AUDIT_CLOCK, AUDIT_CONFIG, Clock } from './config/audit.tokens';
import type { AuditConfig } from './config/audit-config';
import { LogSigner } from './signing/log-signer.service';
import { AuditIngestService } from './ingest/audit-ingest.service';
import { AuditIngestProcessor } from './ingest/audit-ingest.processor';
import { CheckpointPublisher } from './checkpoints/checkpoint-publisher.service';
import { AuditQueryService } from './queries/audit-query.service';
import { CitizenAccessService } from './citizen/citizen-access.service';
import { AuditErasureService } from './citizen/citizen-erasure.service';
import { LogController } from './public-log/log.controller';
import { CitizenAccessController } from './citizen/citizen-access.controller';
import { RegulatorController } from './regulator/regulator.controller';

const onDataSource = <T>(provide: new (...args: never[]) => T, create: (ds: DataSource) => T): Provider => ({
  provide,
  useFactory: create,
  inject: [getDataSourceToken()],
});

export const systemClock: Clock = { now: () => new Date() };

/** The audit log's use cases: ingestion, checkpoints, the public API and the views. */
@Module({})
export class AuditFeatureModule {
  static register(config: AuditConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: AuditFeatureModule,
      controllers: [LogController, CitizenAccessController, RegulatorController],
      providers: [
        { provide: AUDIT_CONFIG, useValue: config },
        { provide: AUDIT_CLOCK, useValue: clock },
        onDataSource(AuditTreeRepository, (ds) => new AuditTreeRepository(ds)),
        onDataSource(AuditEntryRepository, (ds) => new AuditEntryRepository(ds)),
        onDataSource(CheckpointRepository, (ds) => new CheckpointRepository(ds)),
        onDataSource(SigningKeyRepository, (ds) => new SigningKeyRepository(ds)),
        onDataSource(DisputeRepository, (ds) => new DisputeRepository(ds)),
        onDataSource(RejectedEventRepository, (ds) => new RejectedEventRepository(ds)),
        onDataSource(CitizenKeyRepository, (ds) => new CitizenKeyRepository(ds, config.keyEncryptionKey)),
        onDataSource(AuditLogWriter, (ds) => new AuditLogWriter(ds, { keyEncryptionKey: config.keyEncryptionKey })),
        LogSigner,
        AuditIngestService,
        AuditIngestProcessor,
        CheckpointPublisher,
        AuditQueryService,
        CitizenAccessService,
        AuditErasureService,
      ],
      exports: [AuditQueryService, AuditIngestService, AuditErasureService, CheckpointPublisher],
    };
  }
}
