import { DynamicModule, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { DataSource, MixedList, EntitySchema } from 'typeorm';
import { HealthRegistry } from '@consentry/shared-observability';
import { MigrationSet, migrateSchema } from './migrations.util';

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  /** The PostgreSQL schema this service owns. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  /** Schemas this service migrates at start, in order (its own, and any it owns beside it). */
  migrationSets: MigrationSet[];
  /**
   * Plan each prepared statement once per connection, whatever its parameters
   * (`plan_cache_mode = force_generic_plan` for the session). For a service whose hot path is
   * prepared key lookups over parameter arrays: with the default, PostgreSQL re-plans such a
   * statement on every call, because it prices a plan for the array it is given below the plan
   * for any array. Ignored by the embedded database (one shared session).
   */
  genericPlans?: boolean;
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    synchronize: false,
    migrationsRun: false,
    extra: {
      max: options.poolSize,
      application_name: `consentry-${options.schema}`,
      ...(options.genericPlans ? { options: '-c plan_cache_mode=force_generic_plan' } : {}),
    },
  });
}

@Injectable()
class DatabaseHealth implements OnModuleInit {
  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit() {
    this.health.register({ name: 'database', check: async () => void (await this.dataSource.query('SELECT 1')) });
  }
}

/**
 * TypeORM on PostgreSQL for one service: its own schema, migrations applied at start under an
 * advisory lock (never `synchronize`), and a readiness check.
 */
@Module({})
export class DatabaseModule {
  static forService(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({}),
          dataSourceFactory: async () => {
            for (const set of options.migrationSets) await migrateSchema(options.url, set);
            return createDataSource(options).initialize();
          },
        }),
      ],
      providers: [DatabaseHealth],
      exports: [TypeOrmModule],
    };
  }
}
