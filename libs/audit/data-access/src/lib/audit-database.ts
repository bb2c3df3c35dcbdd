import { AuditEntryEntity } from './audit-entry.entity';
import { AUDIT_SCHEMA } from './audit-storage.constant';
import { auditMigrations } from './audit-init.migration';
import { CitizenKeyEntity, DisputeEntity, RejectedEventEntity } from './citizen-data.entities';
import { CheckpointEntity, DevSigningKeyEntity, SigningKeyEntity, TreeNodeEntity, TreeStateEntity } from './tree.entities';

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
