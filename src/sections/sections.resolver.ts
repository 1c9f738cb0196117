import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { FieldArgs } from '../graphql/field-args';
import { Roles } from '../graphql/roles.decorator';
import type { RequestContext } from '../graphql/request-context';
import { RequestLocaleService } from '../i18n/request-locale.service';
import { CreateSectionInput } from './dto/create-section.input';
import { UpdateSectionInput } from './dto/update-section.input';
import { SectionModel } from './models/section.model';
import { SectionEntity } from './section.entity';
import { SectionsService } from './sections.service';

@Resolver(() => SectionModel)
export class SectionsResolver {
  constructor(
    private readonly service: SectionsService,
    private readonly requestLocale: RequestLocaleService,
  ) {}

  @Query(() => [SectionModel])
  sections(): Promise<SectionEntity[]> {
    return this.service.list();
  }

  @Query(() => SectionModel, { nullable: true })
  section(@Args('slug') slug: string): Promise<SectionEntity | null> {
    return this.service.findBySlug(slug);
  }

  @Roles('ADMIN')
  @Mutation(() => SectionModel)
  createSection(@Args('input') input: CreateSectionInput): Promise<SectionEntity> {
    return this.service.create(input);
  }

  @Roles('ADMIN')
  @Mutation(() => SectionModel, { description: 'Changes a section (ADMIN): an absent field stays, null clears country or homepage; names replaces every name' })
  updateSection(@Args('slug') slug: string, @Args('input') input: UpdateSectionInput): Promise<SectionEntity> {
    return this.service.update(slug, input);
  }

  /** graphql-js's own (parent, args, context): Nest binds it without its per-call machinery (see FieldArgs). */
  @ResolveField(() => String)
  @FieldArgs({ locale: { type: () => String, nullable: true } })
  name(section: SectionEntity, { locale }: { locale?: string | null }, ctx: RequestContext): string {
    return this.service.nameOf(section, locale ? this.requestLocale.require(locale) : ctx.locale);
  }
}
