import { Args, Query, Resolver } from '@nestjs/graphql';
import { Ctx } from '../graphql/context.decorators';
import type { RequestContext } from '../graphql/request-context';
import { RequestLocaleService } from '../i18n/request-locale.service';
import { SearchArgs } from './dto/search.args';
import { SearchConnection } from './models/search-hit.model';
import { SearchService } from './search.service';

@Resolver()
export class SearchResolver {
  constructor(
    private readonly service: SearchService,
    private readonly requestLocale: RequestLocaleService,
  ) {}

  @Query(() => SearchConnection, {
    description: 'Full-text search over published translations, best match first; in one language when `locale` is given, else in all',
  })
  search(@Args() args: SearchArgs, @Ctx() ctx: RequestContext) {
    const locale = args.locale === undefined || args.locale === null ? null : this.requestLocale.forRequest(ctx, args.locale);
    return this.service.find(args, locale);
  }
}
