import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ARTICLE_DETAIL_FIELDS } from '../articles';
import { Ctx } from '../graphql/context.decorators';
import { operationSelects } from '../graphql/selection';
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
  search(@Args() args: SearchArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    const locale = args.locale === undefined || args.locale === null ? null : this.requestLocale.forRequest(ctx, args.locale);
    return this.service.find(args, locale, operationSelects(info, ARTICLE_DETAIL_FIELDS));
  }
}
