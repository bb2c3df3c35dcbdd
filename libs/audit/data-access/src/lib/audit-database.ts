import { AuditEntryEntity } from './audit-entry.entity';
import { AUDIT_SCHEMA } from './audit-storage.constant';
import { AuditInit1764000000700 } from './audit-init.migration';
import { AuditStreamColumns1764000000710 } from './audit-stream-columns.migration';
import { AuditSequentialId1764000000720 } from './audit-sequential-id.migration';
import { AuditRejectedOnce1764000000760 } from './audit-rejected-once.migration';
import { AuditActor1764000000770 } from './audit-actor.migration';
import { CitizenKeyEntity, DisputeEntity, RejectedEventEntity } from './citizen-data.entities';
import { CheckpointEntity, DevSigningKeyEntity, SigningKeyEntity, TreeNodeEntity, TreeStateEntity } from './tree.entities';

/** In order of their timestamps; each runs once per database (the `audit.migrations` table). */
export const auditMigrations = [AuditInit1764000000700, AuditStreamColumns1764000000710, AuditSequentialId1764000000720, AuditRejectedOnce1764000000760, AuditActor1764000000770];

export const auditEntities = [
  AuditEntryEntity,
  TreeNodeEntity,
  TreeStateEntity,
  CheckpointEntity,
  SigningKeyEntity,
  DevSigningKeyEntity,
  CitizenKeyEntity,
  DisputeEntity,
  RejectedEventEntity,
];

/** What a service hosting the audit log adds to its database: entities and migration set. */
export const auditDatabase = {
  entities: auditEntities,
  migrationSet: { schema: AUDIT_SCHEMA, migrations: auditMigrations },
};
