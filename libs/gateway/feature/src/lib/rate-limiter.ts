import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { GuardCountersRepository } from '@consentry/gateway-data-access';
import { Coalescer } from '@consentry/shared-database';
import { ProblemException } from '@consentry/shared-http';
import { GATEWAY_SETTINGS, GatewaySettings } from './gateway.settings';

/**
 * Requests per second per organisation and per API key, in fixed one-second windows shared by
 * every replica: in Redis when configured (INCR + EXPIRE), else in PostgreSQL.
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly redis?: IORedis;
  private readonly counters: GuardCountersRepository;
  private readonly batched = new Coalescer<string[], number[]>((checks) => this.hitsOfBatch(checks), { maxBatch: 256, maxInFlight: 1 });

  constructor(
    @Inject(GATEWAY_SETTINGS) private readonly settings: GatewaySettings,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.counters = new GuardCountersRepository(dataSource);
    if (settings.redisUrl) {
      this.redis = new IORedis(settings.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
      this.redis.on('error', () => undefined);
    }
  }

  async check(organisationId: string, keyId: string): Promise<void> {
    const [org, key] = await this.batched.call([`org:${organisationId}`, `key:${keyId}`]);
    if (org > this.settings.rateLimitPerOrganisation || key > this.settings.rateLimitPerKey) {
      throw new ProblemException(429, 'rate-limited', 'Too many requests', 'The rate limit of this organisation or API key is reached; retry after the time given', {
        retryAfterSeconds: 1,
      });
    }
  }

  /**
   * Counts the hits of concurrent checks together (ADR 0006): each bucket's window is raised once
   * by its number of hits in the batch, and the checks take the counts in between in turn, as
   * if they had come one by one.
   */
  private async hitsOfBatch(checks: string[][]): Promise<number[][]> {
    const added = new Map<string, number>();
    for (const bucket of checks.flat()) added.set(bucket, (added.get(bucket) ?? 0) + 1);
    const buckets = [...added.keys()];
    const totals = await this.hits(buckets, Math.floor(Date.now() / 1000), buckets.map((b) => added.get(b)!));
    const counted = new Map(buckets.map((b, i) => [b, totals[i] - added.get(b)!]));
    return checks.map((checked) =>
      checked.map((b) => {
        const n = counted.get(b)! + 1;
        counted.set(b, n);
        return n;
      }),
    );
  }

  /** Adds `by[i]` hits to each bucket's window and returns the new counts: one Redis round trip for all of them. */
  private async hits(buckets: string[], second: number, by: number[]): Promise<number[]> {
    if (this.redis) {
      const keys = buckets.map((bucket) => `${this.settings.redisPrefix}:rl:${bucket}:${second}`);
      try {
        const multi = this.redis.multi();
        keys.forEach((key, i) => multi.incrby(key, by[i]).expire(key, 2));
        const replies = (await multi.exec()) as [Error | null, number][];
        return keys.map((_, i) => replies[2 * i][1]);
      } catch {
        // Redis down: fall back to PostgreSQL rather than refuse or stop limiting.
      }
    }
    return Promise.all(buckets.map((bucket, i) => this.counters.hit(bucket, new Date(second * 1000), by[i])));
  }

  async onModuleDestroy() {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
