import { Column, Entity, PrimaryColumn } from 'typeorm';
import { AUDIT_SCHEMA } from './audit-storage.constant';

/** A complete subtree hash on a stored level (see NODE_STRIDE); never changes once written. */
@Entity({ schema: AUDIT_SCHEMA, name: 'tree_nodes' })
export class TreeNodeEntity {
  /** level * 2^48 + index (encodeNodeKey). */
  @PrimaryColumn({ name: 'node_key', type: 'bigint' }) nodeKey: string;
  @Column({ name: 'hash', type: 'bytea' }) hash: Buffer;
}

/**
 * The sequencer: one row, locked FOR UPDATE by each append, holding the tree size and its
 * frontier (the complete subtrees of the right edge, concatenated), so appending never re-reads
 * the tree. A trigger refuses to delete it or shrink the tree.
 */
@Entity({ schema: AUDIT_SCHEMA, name: 'tree_state' })
export class TreeStateEntity {
  @PrimaryColumn({ name: 'id', type: 'smallint' }) id: number;
  @Column({ name: 'size', type: 'bigint' }) size: string;
  @Column({ name: 'frontier', type: 'bytea' }) frontier: Buffer;
  @Column({ name: 'root_hash', type: 'bytea' }) rootHash: Buffer;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A signed checkpoint as published (C2SP signed note). Append-only. */
@Entity({ schema: AUDIT_SCHEMA, name: 'checkpoints' })
export class CheckpointEntity {
  @PrimaryColumn({ name: 'id', type: 'bigint' }) id: string;
  @Column({ name: 'tree_size', type: 'bigint' }) treeSize: string;
  @Column({ name: 'root_hash', type: 'bytea' }) rootHash: Buffer;
  @Column({ name: 'note', type: 'text' }) note: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** Every verifier key the log has signed with (public part only), so old checkpoints stay checkable. */
@Entity({ schema: AUDIT_SCHEMA, name: 'signing_keys' })
export class SigningKeyEntity {
  @PrimaryColumn({ name: 'vkey', type: 'text' }) vkey: string;
  @Column({ name: 'name', type: 'text' }) name: string;
  @Column({ name: 'first_used_at', type: 'timestamptz' }) firstUsedAt: Date;
}

/**
 * Development only: the private key generated on first start when AUDIT_SIGNING_KEY is not set,
 * so restarts keep signing with the same key. Production refuses to start without the variable.
 */
@Entity({ schema: AUDIT_SCHEMA, name: 'dev_signing_key' })
export class DevSigningKeyEntity {
  @PrimaryColumn({ name: 'id', type: 'smallint' }) id: number;
  @Column({ name: 'skey', type: 'text' }) skey: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
