import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx } from '../graphql/context.decorators';
import type { RequestContext } from '../graphql/request-context';
import { Roles } from '../graphql/roles.decorator';
import { OpmlImportReportModel } from './models/opml-import-report.model';
import { OpmlService } from './opml.service';

@Resolver()
export class OpmlResolver {
  constructor(private readonly opml: OpmlService) {}

  @Roles('EDITOR')
  @Query(() => String, { description: "The section's feeds as an OPML 2.0 document (EDITOR, ADMIN)" })
  exportOpml(@Args('section') section: string, @Ctx() ctx: RequestContext) {
    return this.opml.export(section, ctx.locale);
  }

  @Roles('EDITOR')
  @Mutation(() => OpmlImportReportModel, {
    description: "Registers what it can of an OPML document (outline categories or folders naming a section put feeds there) and lists what it skipped and why (EDITOR, ADMIN)",
  })
  importOpmlReport(@Args('section') section: string, @Args('opml') opml: string, @Ctx() ctx: RequestContext) {
    return this.opml.importReport(section, opml, ctx.locale);
  }
}
