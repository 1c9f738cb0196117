import { Query, Resolver } from '@nestjs/graphql';
import { Ctx } from '../graphql/context.decorators';
import type { RequestContext } from '../graphql/request-context';
import { LocaleRegistry } from './locale-registry';
import { LocaleModel, TextDirection } from './models/locale.model';
import { Translator } from './translator';

@Resolver(() => LocaleModel)
export class LocalesResolver {
  constructor(
    private readonly registry: LocaleRegistry,
    private readonly translator: Translator,
  ) {}

  @Query(() => [LocaleModel], { description: 'The languages newsdesk serves, named in the request language' })
  locales(@Ctx() ctx: RequestContext): LocaleModel[] {
    return this.registry.all.map((d) => ({
      code: d.code,
      name: this.translator.t(ctx.locale, `languages:${d.code}`),
      nativeName: d.nativeName,
      direction: d.direction as TextDirection,
      fallbacks: this.registry.chain(d.code).slice(1),
    }));
  }
}
