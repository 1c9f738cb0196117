import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../graphql/roles.decorator';
import { SectionEntity, SectionModel, SectionRepository } from '../sections';
import { ApiKeyEntity } from './api-key.entity';
import { AuthService } from './auth.service';
import { CreateApiKeyInput } from './dto/create-api-key.input';
import { ApiKeyModel, CreatedApiKeyModel } from './models/api-key.model';

/** API keys managed over GraphQL by an ADMIN: the same service as `npm run keys`, so the same rules. */
@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly sections: SectionRepository,
  ) {}

  @Roles('ADMIN')
  @Query(() => [ApiKeyModel], { description: 'Every key, oldest first, revoked ones included; never the key itself. ADMIN' })
  apiKeys(): Promise<ApiKeyEntity[]> {
    return this.auth.listKeys();
  }

  @Roles('ADMIN')
  @Mutation(() => CreatedApiKeyModel, { description: 'A new key, returned this once (only its hash is kept). ADMIN' })
  async createApiKey(@Args('input') input: CreateApiKeyInput): Promise<{ key: string; apiKey: ApiKeyEntity }> {
    const { key, row } = await this.auth.createKey(input);
    return { key, apiKey: row };
  }

  @Roles('ADMIN')
  @Mutation(() => ApiKeyModel, { description: 'The key stops working from the next request, in every API process. ADMIN' })
  revokeApiKey(@Args('id', { type: () => ID }) id: string): Promise<ApiKeyEntity> {
    return this.auth.revokeApiKey(id);
  }

  @ResolveField(() => SectionModel, { nullable: true })
  section(@Parent() key: ApiKeyEntity): Promise<SectionEntity | null> | null {
    return key.sectionId ? this.sections.findById(key.sectionId) : null;
  }
}
