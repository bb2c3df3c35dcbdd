import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { parseNote, signCheckpoint } from '@consentry/audit-domain';
import { AuditTreeRepository, CheckpointRepository, CheckpointRow } from '@consentry/audit-data-access';
import { MetricsService } from '@consentry/shared-observability';
import { AUDIT_CONFIG } from '../config/audit.tokens';
import type { AuditConfig } from '../config/audit-config';
import { LogSigner } from '../signing/log-signer.service';

/**
 * Signs a checkpoint of the current tree every interval while it grows (and once for the empty
 * log, and again when the set of signing keys changes). Every replica runs it; a checkpoint
 * another replica already published is not published twice (CheckpointRepository.insertIfNew).
 */
@Injectable()
export class CheckpointPublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('CheckpointPublisher');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly size: Gauge;

  constructor(
    private readonly tree: AuditTreeRepository,
    private readonly checkpoints: CheckpointRepository,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    private readonly signer: LogSigner,
    metrics: MetricsService,
  ) {
    this.size = new Gauge({ name: 'audit_checkpoint_tree_size', help: 'Tree size of the latest checkpoint this replica published', registers: [metrics.registry] });
  }

  async onApplicationBootstrap() {
    await this.publishIfDue();
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.publishIfDue()
        .catch((error) => this.logger.warn({ msg: 'checkpoint publication failed', error: (error as Error).message }))
        .finally(() => (this.running = undefined));
    }, this.config.checkpointIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy() {
    clearInterval(this.timer);
    await this.running;
  }

  /** Publishes a checkpoint if the tree grew or the signers changed; returns it, or null. */
  async publishIfDue(): Promise<CheckpointRow | null> {
    // Single statements only: no transaction is held open while signing (the embedded
    // database serves every client from one session).
    const head = await this.tree.head();
    const latest = await this.checkpoints.latest();
    if (latest && latest.treeSize >= head.size && this.signedByCurrentKeys(latest)) return null;
    const note = signCheckpoint({ origin: this.config.origin, treeSize: head.size, rootHash: head.rootHash, extensions: [] }, this.signer.signers);
    const published = await this.checkpoints.insertIfNew({ treeSize: head.size, rootHash: head.rootHash, note });
    if (published) this.size.set(published.treeSize);
    return published;
  }

  private signedByCurrentKeys(checkpoint: CheckpointRow): boolean {
    const signed = new Set(parseNote(checkpoint.note).signatures.map((s) => `${s.name}+${s.keyId}`));
    return this.signer.signers.every((s) => signed.has(`${s.name}+${s.keyId}`));
  }
}
