import { Field, ObjectType } from '@nestjs/graphql';
import { SectionModel } from '../../sections';

@ObjectType('Viewer', { description: "The calling key's own identity (what the desk page shows and scopes itself by)" })
export class ViewerModel {
  @Field({ description: 'The key name other translators see' })
  name: string;

  @Field({ description: 'ADMIN, EDITOR, TRANSLATOR or PUBLISHER, as the keys CLI names it' })
  role: string;

  @Field(() => [String], { description: 'TRANSLATOR: the locales the key may work in (empty for other roles)' })
  locales: string[];

  @Field(() => SectionModel, { nullable: true, description: 'PUBLISHER: the one section the key may write to' })
  section: SectionModel | null;

  @Field(() => String, { nullable: true, description: "The key's e-mail address, when one is set" })
  email: string | null;

  @Field(() => String, { nullable: true, description: "The key's preferred language, when one is set" })
  locale: string | null;
}
