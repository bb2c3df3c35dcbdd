import { DataSource, EntityManager } from 'typeorm';

/** One login's standing in its current window, just after an attempt was counted. */
export interface CountedAttempt {
  /** Attempts in the window, this one included. */
  attempts: number;
  /** Whole seconds until the window ends (at least 1). */
  secondsLeft: number;
}

/**
 * Sign-in attempts per key (a login's, or a device's: ADR 0012) in a fixed window that starts at
 * the first attempt, on the database clock so every replica agrees. An attempt is counted before
 * its password is checked and uncounted only by a success (`clear`) or a busy refusal before its
 * check (`uncount`), so parallel attempts cannot all pass the check.
 */
export class SignInAttemptRepository {
  constructor(private readonly source: DataSource | EntityManager) {}

  /**
   * Counts one attempt in one statement (the row lock serialises concurrent ones, so each gets its
   * own number); a window that has ended starts again at 1.
   */
  async count(loginKey: string, windowMs: number): Promise<CountedAttempt> {
    const rows: CountedAttempt[] = await this.source.query(
      `INSERT INTO "identity"."sign_in_attempts" AS a (login_key, attempts, window_started_at) VALUES ($1, 1, now())
       ON CONFLICT (login_key) DO UPDATE SET
         attempts = CASE WHEN a.window_started_at <= now() - $2::int * interval '1 millisecond' THEN 1 ELSE a.attempts + 1 END,
         window_started_at = CASE WHEN a.window_started_at <= now() - $2::int * interval '1 millisecond' THEN now() ELSE a.window_started_at END
       RETURNING attempts,
         greatest(1, ceil(extract(epoch FROM a.window_started_at + $2::int * interval '1 millisecond' - now())))::int AS "secondsLeft"`,
      [loginKey, windowMs],
    );
    return rows[0];
  }

  /**
   * Takes back one counted attempt that checked no password (refused as busy after it was
   * counted), so a busy refusal never costs a login one of its attempts. The last one goes with
   * its row (attempts are never 0).
   */
  async uncount(loginKey: string): Promise<void> {
    await this.source.query(
      `WITH fewer AS (UPDATE "identity"."sign_in_attempts" SET attempts = attempts - 1 WHERE login_key = $1 AND attempts > 1 RETURNING 1)
       DELETE FROM "identity"."sign_in_attempts" WHERE login_key = $1 AND attempts = 1 AND NOT EXISTS (SELECT 1 FROM fewer)`,
      [loginKey],
    );
  }

  /** A successful sign-in forgets the login's attempts. */
  async clear(loginKey: string): Promise<void> {
    await this.source.query(`DELETE FROM "identity"."sign_in_attempts" WHERE login_key = $1`, [loginKey]);
  }

  /** Forgets windows that have ended (by the window start index). */
  async purgeEnded(windowMs: number): Promise<void> {
    await this.source.query(`DELETE FROM "identity"."sign_in_attempts" WHERE window_started_at <= now() - $1::int * interval '1 millisecond'`, [windowMs]);
  }
}
