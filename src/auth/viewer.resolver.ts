import { Query, Resolver } from '@nestjs/graphql';
import { Ctx } from '../graphql/context.decorators';
import type { RequestContext } from '../graphql/request-context';
import { SectionRepository } from '../sections';
import { ViewerModel } from './models/viewer.model';

/** `viewer`: who the key is, so a client (the desk page) can scope itself without an admin's help. */
@Resolver(() => ViewerModel)
export class ViewerResolver {
  constructor(private readonly sections: SectionRepository) {}

  @Query(() => ViewerModel, { nullable: true, description: "The key's own identity; null without a key" })
  async viewer(@Ctx() ctx: RequestContext): Promise<ViewerModel | null> {
    const p = ctx.principal;
    if (!p) return null;
    const section = p.sectionId ? await this.sections.findById(p.sectionId) : null;
    // The key's mail settings (keys CLI --email, --locale); null when not set.
    return { name: p.name, role: p.role, locales: p.locales, section, email: p.email ?? null, locale: p.locale ?? null };
  }
}
