import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';

@Module({})
export class DatabaseModule {
  /** `logger` lets tests count statements. */
  static forRoot(options: { logger?: Logger } = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config, { logger: options.logger }), autoLoadEntities: true }),
        }),
      ],
    };
  }
}
