import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FeeSchedule, validateSchedule } from '@consentry/metering-domain';
import { vietnamDate } from '@consentry/shared-vietnam-time';
import { FeeScheduleRepository, PublishedSchedule, Queryable } from '@consentry/metering-data-access';
import { ProblemException, ValidationProblem } from '@consentry/shared-http';
import { Clock, METERING_CLOCK } from '../metering.tokens';

/**
 * Fee schedule versions: cached per replica, published by operators.
 *
 * Why the cache is safe without invalidation across replicas: a new version may only take
 * effect from a later Vietnam date than the day it is published, and versions are never edited.
 * So the schedules in force on any date up to the day the cache was loaded are final, and the
 * cache is refreshed as soon as a request falls on a later date.
 */
@Injectable()
export class FeeScheduleService {
  private readonly repository = new FeeScheduleRepository();
  private cache?: { day: string; schedules: FeeSchedule[] };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(METERING_CLOCK) private readonly clock: Clock,
  ) {}

  /** The schedules needed to price a request at `at`, read through `db` when not cached. */
  async schedulesFor(db: Queryable, at: Date): Promise<FeeSchedule[]> {
    const day = vietnamDate(at);
    if (this.cache && day <= this.cache.day) return this.cache.schedules;
    const loadedDay = vietnamDate(this.clock.now());
    const schedules = (await this.repository.list(db)).map((p) => p.schedule);
    this.cache = { day: loadedDay, schedules };
    return schedules;
  }

  list(db: Queryable = this.dataSource): Promise<PublishedSchedule[]> {
    return this.repository.list(db);
  }

  async find(version: string): Promise<PublishedSchedule> {
    const found = await this.repository.find(this.dataSource, version);
    if (!found) throw new ProblemException(404, 'fee-schedule-not-found', 'Fee schedule not found', `No fee schedule version "${version}"`);
    return found;
  }

  /** Publishes a new version; it must take effect on a future Vietnam date. */
  async publish(schedule: FeeSchedule, publishedBy: string): Promise<PublishedSchedule> {
    const errors = validateSchedule(schedule);
    const today = vietnamDate(this.clock.now());
    if (schedule.effectiveFrom <= today) errors.push({ field: 'effectiveFrom', message: `must be after today (${today}, Vietnam time): published fees never apply retroactively` });
    if (errors.length) throw new ValidationProblem(errors);
    if (!(await this.repository.insert(this.dataSource, schedule, publishedBy))) {
      throw new ProblemException(409, 'fee-schedule-exists', 'Version already published', `Fee schedule version "${schedule.version}" exists; versions are never changed, publish a new one.`);
    }
    return this.find(schedule.version);
  }
}
