import 'reflect-metadata';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { NestFactory } from '@nestjs/core';
import { printSchema, lexicographicSortSchema } from 'graphql';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { RESOLVERS } from './resolvers';
import { SCHEMA_FILE } from './graphql/graphql.options';

/** Prints the schema that the resolvers define, without a database: `npm run schema` writes schema.gql. */
export async function buildSchemaText(): Promise<string> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  await app.init();
  const schema = await app.get(GraphQLSchemaFactory).create(RESOLVERS);
  await app.close();
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  buildSchemaText()
    .then((text) => {
      if (check) {
        const committed = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '';
        if (committed !== text) {
          console.error('schema.gql is out of date: run `npm run schema` and commit it.');
          process.exit(1);
        }
        console.log('schema.gql is up to date.');
        return;
      }
      writeFileSync(SCHEMA_FILE, text);
      console.log(`Wrote ${SCHEMA_FILE}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
