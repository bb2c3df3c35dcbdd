import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * population.citizens. The unique constraint on id_number is the lookup path and what makes
 * re-seeding idempotent (ON CONFLICT). Frozen: change the table in a new migration.
 */
export class PopulationInit1732400000000 implements MigrationInterface {
  name = 'PopulationInit1732400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "population"`);
    await runner.query(`
      CREATE TABLE "population"."citizens" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "id_number" char(12) NOT NULL,
        "full_name" text NOT NULL,
        "date_of_birth" date NOT NULL,
        "sex" text NOT NULL,
        "place_of_birth" text NOT NULL,
        "hometown" text NOT NULL,
        "ethnicity" text NOT NULL,
        "religion" text NOT NULL,
        "nationality" text NOT NULL,
        "permanent_residence" text NOT NULL,
        "current_residence" text NOT NULL,
        "marital_status" text NOT NULL,
        "father_name" text,
        "mother_name" text,
        "spouse_name" text,
        "blood_group" text,
        "health_insurance_number" varchar(15),
        "social_insurance_number" varchar(10),
        "tax_number" varchar(12),
        "driving_licence_number" varchar(12),
        "eid_level" smallint,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "citizens_id_number_key" UNIQUE ("id_number"),
        CONSTRAINT "citizens_id_number_check" CHECK ("id_number" ~ '^[0-9]{12}$'),
        CONSTRAINT "citizens_sex_check" CHECK ("sex" IN ('male', 'female')),
        CONSTRAINT "citizens_marital_status_check"
          CHECK ("marital_status" IN ('single', 'married', 'divorced', 'widowed')),
        CONSTRAINT "citizens_blood_group_check"
          CHECK ("blood_group" IN ('O+', 'O-', 'A+', 'A-', 'B+', 'B-', 'AB+', 'AB-')),
        CONSTRAINT "citizens_eid_level_check" CHECK ("eid_level" IN (1, 2))
      )
    `);
    // Marks the columns whose release needs a consent naming them (Decree 356/2025), for
    // whoever reads the database directly.
    for (const [column, category] of [
      ['ethnicity', 'racial or ethnic origin'],
      ['religion', 'religious views'],
      ['health_insurance_number', 'insurance data'],
      ['social_insurance_number', 'insurance data'],
      ['eid_level', 'e-ID credentials'],
    ]) {
      await runner.query(`COMMENT ON COLUMN "population"."citizens"."${column}" IS 'sensitive personal data: ${category}'`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "population"."citizens"`);
  }
}

/** Every migration of the population schema, oldest first. */
export const populationMigrations = [PopulationInit1732400000000];
