import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../graphql/roles.decorator';
import { GlossaryTermInput } from './dto/glossary-term.input';
import { GlossaryService } from './glossary.service';
import { GlossaryTermModel } from './models/glossary-term.model';

@Resolver(() => GlossaryTermModel)
export class GlossaryResolver {
  constructor(private readonly terms: GlossaryService) {}

  @Roles('TRANSLATOR', 'EDITOR')
  @Query(() => [GlossaryTermModel], { description: 'Protected terms, of one locale pair when given. TRANSLATOR, EDITOR' })
  glossary(
    @Args('sourceLocale', { type: () => String, nullable: true }) sourceLocale?: string | null,
    @Args('targetLocale', { type: () => String, nullable: true }) targetLocale?: string | null,
  ) {
    return this.terms.list(sourceLocale, targetLocale);
  }

  @Roles('EDITOR')
  @Mutation(() => GlossaryTermModel, { description: 'Adds a term, or replaces the target and note of the same source term (ignoring case). EDITOR' })
  upsertGlossaryTerm(@Args('input') input: GlossaryTermInput) {
    return this.terms.upsert(input);
  }

  @Roles('EDITOR')
  @Mutation(() => Boolean, { description: 'False when there was no such term. EDITOR' })
  deleteGlossaryTerm(@Args('id', { type: () => ID }) id: string) {
    return this.terms.delete(id);
  }
}
