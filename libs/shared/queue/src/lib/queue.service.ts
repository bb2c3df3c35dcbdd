import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Job, JobsOptions, Queue, Worker } from 'bullmq';
import { boundedWait } from './bounded-wait.util';
import { QueueBackend, WorkerSettings } from './queue-backend';
import { JobName, JobPayload, JobPayloads, QueueName } from './queue-names';

export type JobHandlers<Q extends QueueName> = {
  [J in JobName<Q>]: (payload: JobPayload<Q, J>, job: Job) => Promise<unknown>;
};

/** What making sure of a job found: it added the job, one was there already, or the queue failed or did not answer in time. */
export type EnqueueOutcome = 'added' | 'present' | 'refused';

/** How long a worker stops fetching after a backend error. */
const WORKER_ERROR_BACKOFF_MS = 1000;

/** Typed access to BullMQ queues and workers on whichever backend is configured. */
@Injectable()
export class QueueService implements OnModuleDestroy {
  private readonly logger = new Logger('QueueService');
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers = new Map<QueueName, Worker>();

  constructor(readonly backend: QueueBackend) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.backend.createQueue(name);
      queue.on('error', (error) => this.logger.warn({ msg: 'queue error', queue: name, error: error.message }));
      this.queues.set(name, queue);
    }
    return queue;
  }

  async add<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    payload: JobPayload<Q, J>,
    options?: JobsOptions,
  ): Promise<Job> {
    return this.queue(queue).add(job, payload, options);
  }

  /**
   * Makes sure the job `jobId` will run: a waiting, delayed or active one is left alone
   * ('present'); a finished one is removed and, like a missing one, added again by `add`
   * ('added'). BullMQ ignores an add under an id it still holds, failed and completed jobs kept by
   * removeOnFail / removeOnComplete included, so a finished job has to go first.
   */
  async ensureJob(queue: QueueName, jobId: string, add: () => Promise<unknown>): Promise<'added' | 'present'> {
    const q = this.queue(queue);
    const state = await q.getJobState(jobId);
    if (state === 'failed' || state === 'completed') await q.remove(jobId);
    else if (state !== 'unknown') return 'present';
    await add();
    return 'added';
  }

  /**
   * `add`, for a caller that waits (a request, a sweep): given up after `ms` (boundedWait). False
   * when the queue failed or did not answer in time, logged as `<what> failed`; the caller leaves
   * the work to its sweep. Only for an add harmless to repeat (under a fixed job id).
   */
  addWithin(what: string, jobId: string, add: () => Promise<unknown>, ms: number): Promise<boolean> {
    const added = async () => {
      await add();
      return true;
    };
    return this.within(what, jobId, added, ms, false);
  }

  /** `ensureJob`, given up after `ms` as `addWithin` is: 'refused' when the queue failed or did not answer in time (logged). */
  ensureJobWithin(what: string, queue: QueueName, jobId: string, add: () => Promise<unknown>, ms: number): Promise<EnqueueOutcome> {
    return this.within<EnqueueOutcome>(what, jobId, () => this.ensureJob(queue, jobId, add), ms, 'refused');
  }

  /** `work`'s answer within `ms`; else, or when it fails, `refused`, logged as `<what> failed`. */
  private async within<T>(what: string, jobId: string, work: () => Promise<T>, ms: number, refused: T): Promise<T> {
    try {
      return await boundedWait(work(), ms, what);
    } catch (error) {
      this.logger.warn({ msg: `${what} failed`, jobId, error: (error as Error).message });
      return refused;
    }
  }

  /**
   * Starts the one consumer of a queue in this process. Every job name of the queue must have
   * a handler (the type says so); a second registration for the same queue is a start-up error.
   */
  registerWorker<Q extends QueueName>(
    name: Q,
    handlers: JobHandlers<Q>,
    settings: WorkerSettings = {},
  ): Worker {
    if (this.workers.has(name)) throw new Error(`Queue "${name}" already has a worker in this process`);
    const worker = this.backend.createWorker(
      name,
      async (job: Job) => {
        const handler = (handlers as unknown as Record<string, (payload: unknown, job: Job) => Promise<unknown>>)[job.name];
        if (!handler) throw new Error(`No handler for job "${job.name}" on queue "${name}"`);
        return handler(job.data, job);
      },
      settings,
    );
    let backingOff = false;
    worker.on('error', (error) => {
      this.logger.warn({ msg: 'worker error', queue: name, error: error.message });
      // BullMQ retries only the errors it knows as connection errors after a delay. Others, such
      // as a lost PostgreSQL connection on its PostgreSQL backend, make its fetch loop spin at
      // once, in microtasks, starving the event loop (the process stops answering even
      // /health/live). A worker error pauses fetching for a second instead.
      if (backingOff || worker.closing) return;
      backingOff = true;
      void worker.pause(true).then(() =>
        setTimeout(() => {
          backingOff = false;
          if (!worker.closing) void worker.resume();
        }, WORKER_ERROR_BACKOFF_MS).unref(),
      );
    });
    worker.on('failed', (job, error) =>
      this.logger.warn({ msg: 'job failed', queue: name, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, error: error.message }),
    );
    this.workers.set(name, worker);
    return worker;
  }

  /** Readiness: the backend answers a real request. */
  async ping(): Promise<void> {
    await this.queue(QueueName.Diagnostics).getJobCounts('waiting');
  }

  async onModuleDestroy() {
    await Promise.all([...this.workers.values()].map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.workers.clear();
    this.queues.clear();
    await this.backend.close();
  }
}

export type { JobPayloads };

/**
 * Makes sure of a job for each id in turn (`ensure`, e.g. a dispatcher's ensureQueued), stopping
 * at the first refusal: the queue is away, and the rest wait for the next sweep. `taken`: ids
 * handled before that (added or already there); `added`: those given a new job.
 */
export async function ensureEach(ids: readonly string[], ensure: (id: string) => Promise<EnqueueOutcome>): Promise<{ taken: number; added: number }> {
  let taken = 0;
  let added = 0;
  for (const id of ids) {
    const outcome = await ensure(id);
    if (outcome === 'refused') break;
    taken++;
    if (outcome === 'added') added++;
  }
  return { taken, added };
}
