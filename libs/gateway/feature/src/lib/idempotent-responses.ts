import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IdempotencyRepository } from '@consentry/gateway-data-access';
import { accessProblem } from '@consentry/gateway-domain';
import { ProblemException } from '@consentry/shared-http';
import { ResponseSealer } from './response-sealer';

export interface Outcome {
  status: number;
  body: Record<string, unknown>;
  /** Problem responses are sent as problem+json. */
  problem: boolean;
}

export interface Idempotency {
  key: string;
  /** The operation and body the key is bound to (requestFingerprint). */
  fingerprint: string;
}

/** The problem (slug, title, detail) of an Idempotency-Key taken before by another request. */
const KEY_REUSED = ['idempotency-key-reused', 'Idempotency-Key reused', 'This Idempotency-Key was used with a different request'] as const;

/**
 * Idempotency-Keys and the first responses given under them (sealed: a lookup's answer holds
 * personal data). A key is bound to one operation and body (its fingerprint); the same key with
 * another body is a 422.
 */
@Injectable()
export class IdempotentResponses {
  constructor(private readonly sealer: ResponseSealer) {}

  /**
   * Takes the key inside the request's transaction: a concurrent twin waits on the row, then
   * sees it taken. Answers nothing when the key is this request's now; else the outcome to give
   * instead (the first response, marked replayed, or the 422), after rolling back.
   */
  async reserve(manager: EntityManager, organisationId: string, idempotency: Idempotency): Promise<Outcome | undefined> {
    const repo = new IdempotencyRepository(manager);
    if (await repo.save(organisationId, idempotency.key, { fingerprint: idempotency.fingerprint, statusCode: 0, response: '' })) return undefined;
    const stored = await repo.find(organisationId, idempotency.key);
    if (!stored || stored.fingerprint !== idempotency.fingerprint) {
      return { status: HttpStatus.UNPROCESSABLE_ENTITY, body: accessProblem(HttpStatus.UNPROCESSABLE_ENTITY, ...KEY_REUSED), problem: true };
    }
    return { ...JSON.parse(this.sealer.open(stored.response)), replayed: true };
  }

  /** Stores the response given under a key this request reserved, in the same transaction. */
  async remember(manager: EntityManager, organisationId: string, idempotency: Idempotency, outcome: Outcome): Promise<void> {
    await new IdempotencyRepository(manager).complete(organisationId, idempotency.key, outcome.status, this.sealer.seal(JSON.stringify(outcome)));
  }

  /**
   * Binds a key to a batch's body and a batch id, committed at once: a repeat takes the same
   * batch id; the key with another body (or operation) is a 422.
   */
  async takeBatchKey(source: DataSource, organisationId: string, idempotency: Idempotency): Promise<{ batchId: string; replayed: boolean }> {
    const repo = new IdempotencyRepository(source);
    const batchId = randomUUID();
    // Status 0 and the batch id as the response: the items' responses are stored under their own keys.
    if (await repo.save(organisationId, idempotency.key, { fingerprint: idempotency.fingerprint, statusCode: 0, response: batchId })) return { batchId, replayed: false };
    const stored = await repo.find(organisationId, idempotency.key);
    if (!stored || stored.fingerprint !== idempotency.fingerprint) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, ...KEY_REUSED);
    }
    return { batchId: stored.response, replayed: true };
  }
}
