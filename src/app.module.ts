import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { Logger } from 'typeorm';
import { AdminModule } from './admin/admin.module';
import { ArticlesModule } from './articles/articles.module';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './graphql/auth.guard';
import { AuthModule } from './auth/auth.module';
import { AuthService } from './auth/auth.service';
import { KeyRevocations } from './auth/key-revocations';
import { graphqlOptions } from './graphql/graphql.options';
import { HttpErrorsFilter } from './common/http-errors.filter';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { FeedsModule } from './feeds/feeds.module';
import { GlossaryModule } from './glossary/glossary.module';
import { HealthModule } from './health/health.module';
import { I18nModule } from './i18n/i18n.module';
import { LocaleRegistry } from './i18n/locale-registry';
import { MentionsModule } from './mentions/mentions.module';
import { MetricsModule } from './metrics/metrics.module';
import { Translator } from './i18n/translator';
import { LoggingModule } from './logging/logger.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { ReadCache } from './redis/read-cache';
import { RedisModule } from './redis/redis.module';
import { ReplicaReads } from './redis/replica-reads';
import { SearchModule } from './search/search.module';
import { SectionsModule } from './sections/sections.module';
import { TranslationsModule } from './translations/translations.module';
import { SyndicationModule } from './syndication/syndication.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export interface AppModuleOptions {
  /** Counts or prints SQL statements (tests). */
  sqlLogger?: Logger;
  /** Write schema.gql on start (development and `npm run schema`). */
  writeSchema?: boolean;
}

/** The API process: GraphQL, the HTTP routes beside it, and the modules they use. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule,
        LoggingModule.forProcess('api'),
        I18nModule,
        DatabaseModule.forRoot({ logger: options.sqlLogger, replicas: true }),
        RedisModule,
        AuthModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule],
          inject: [AppConfig, AuthService, KeyRevocations, LocaleRegistry, Translator, ReadCache, ReplicaReads],
          useFactory: (
            config: AppConfig,
            auth: AuthService,
            keySockets: KeyRevocations,
            locales: LocaleRegistry,
            translator: Translator,
            readCache: ReadCache,
            replicaReads: ReplicaReads,
          ) => graphqlOptions(config, { auth, keySockets, locales, readCache, replicaReads }, translator, options.writeSchema ?? false),
        }),
        SectionsModule,
        ArticlesModule,
        HealthModule,
        TranslationsModule,
        SearchModule,
        SyndicationModule,
        MetricsModule,
        AdminModule,
        FeedsModule,
        MentionsModule,
        GlossaryModule,
        WebhooksModule,
        AuditModule,
        RateLimitModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpErrorsFilter },
        // Every mutation that succeeds, from every domain, leaves an audit entry (src/audit).
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
      ],
    };
  }
}
