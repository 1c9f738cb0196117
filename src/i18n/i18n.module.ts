import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { LocaleRegistry } from './locale-registry';
import { LocalesResolver } from './locales.resolver';
import { RequestLocaleService } from './request-locale.service';
import { Translator } from './translator';

@Global()
@Module({
  providers: [
    {
      provide: LocaleRegistry,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => LocaleRegistry.fromConfig(config.defaultLocale, config.enabledLocales),
    },
    {
      provide: Translator,
      inject: [LocaleRegistry],
      useFactory: (locales: LocaleRegistry) => new Translator(locales.codes, locales.defaultLocale),
    },
    RequestLocaleService,
    LocalesResolver,
  ],
  exports: [LocaleRegistry, Translator, RequestLocaleService],
})
export class I18nModule {}
