import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, Logger } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions, warmPool } from './data-source';
import { readScopeMiddleware, routeReads } from './read-routing';

@Module({})
export class DatabaseModule implements NestModule {
  /** Every HTTP request gets its read scope (which server its reads go to); the worker has no HTTP. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(readScopeMiddleware).forRoutes('{*path}');
  }

  /** `logger` lets tests count statements; `replicas` opens DATABASE_REPLICA_URLS (the API's reads). */
  static forRoot(options: { logger?: Logger; replicas?: boolean } = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config, { logger: options.logger, replicas: options.replicas }),
            autoLoadEntities: true,
          }),
          dataSourceFactory: async (dataSourceOptions) => {
            const dataSource = await new DataSource(dataSourceOptions!).initialize();
            routeReads(dataSource);
            await warmPool(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}
