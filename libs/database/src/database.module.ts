import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { openDataSource, type DatabaseOptions } from './data-source.js';

/**
 * The injection token of the service's DataSource, for shared libraries:
 * pnpm may give a library its own copy of typeorm (another peer variant),
 * whose `DataSource` class would be a different token.
 */
export const DATABASE_CONNECTION = DataSource;

/** Provides a migrated TypeORM DataSource bound to the service's own schema. */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        {
          provide: DataSource,
          useFactory: () => openDataSource(options),
        },
        {
          provide: DatabaseShutdown,
          useFactory: (dataSource: DataSource) => new DatabaseShutdown(dataSource),
          inject: [DataSource],
        },
      ],
      exports: [DataSource],
    };
  }
}

class DatabaseShutdown {
  constructor(private readonly dataSource: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
