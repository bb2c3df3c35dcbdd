import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { GuardCountersRepository } from '@consentry/gateway-data-access';
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
    const second = Math.floor(Date.now() / 1000);
    const [org, key] = await this.hits([`org:${organisationId}`, `key:${keyId}`], second);
    if (org > this.settings.rateLimitPerOrganisation || key > this.settings.rateLimitPerKey) {
      throw new ProblemException(429, 'rate-limited', 'Too many requests', 'The rate limit of this organisation or API key is reached; retry after the time given', {
        retryAfterSeconds: 1,
      });
    }
  }

  /** Counts a hit in each bucket's window: one Redis round trip for all of them. */
  private async hits(buckets: string[], second: number): Promise<number[]> {
    if (this.redis) {
      const keys = buckets.map((bucket) => `${this.settings.redisPrefix}:rl:${bucket}:${second}`);
      try {
        const multi = this.redis.multi();
        for (const key of keys) multi.incr(key).expire(key, 2);
        const replies = (await multi.exec()) as [Error | null, number][];
        return keys.map((_, i) => replies[2 * i][1]);
      } catch {
        // Redis down: fall back to PostgreSQL rather than refuse or stop limiting.
      }
    }
    return Promise.all(buckets.map((bucket) => this.counters.hit(bucket, new Date(second * 1000))));
  }

  async onModuleDestroy() {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
