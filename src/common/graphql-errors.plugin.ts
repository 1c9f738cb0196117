import { Logger } from '@nestjs/common';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLEnumType, GraphQLError, GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { Translator } from '../i18n/translator';
import { DomainError } from './errors';
import type { RequestContext } from './request-context';

const logger = new Logger('GraphQLErrors');

/** Apollo's own codes for requests that never reach a resolver, and the message key that explains each. */
const REQUEST_ERROR_KEYS: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: 'errors:graphql.parseFailed',
  GRAPHQL_VALIDATION_FAILED: 'errors:graphql.validationFailed',
  BAD_USER_INPUT: 'errors:graphql.badVariables',
  OPERATION_RESOLUTION_FAILURE: 'errors:graphql.operationNotFound',
  BAD_REQUEST: 'errors:graphql.badRequest',
  PERSISTED_QUERY_NOT_FOUND: 'errors:graphql.badRequest',
  PERSISTED_QUERY_NOT_SUPPORTED: 'errors:graphql.badRequest',
};

/**
 * The one place where errors become what a client reads: a code in extensions.code and a message
 * in the request's language. Unexpected errors are logged with an id and answered generically.
 */
export function translateGraphQLError(error: GraphQLError, locale: string, translator: Translator, schema?: GraphQLSchema): void {
  const original = error.originalError;
  const extensions = error.extensions as Record<string, unknown>;
  if (original instanceof DomainError) {
    error.message = translator.t(locale, original.key, original.params);
    extensions.code = original.code;
    Object.assign(extensions, original.extensions);
    return;
  }
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  if (!original && code === undefined) {
    // graphql-js validation rules (including the depth/alias/cost limits) raise bare GraphQLErrors.
    extensions.code = 'GRAPHQL_VALIDATION_FAILED';
  }
  const requestKey = REQUEST_ERROR_KEYS[String(extensions.code)];
  if (requestKey && (!original || original instanceof GraphQLError)) {
    extensions.detail = error.message;
    error.message = enumMessage(error.message, locale, translator, schema) ?? translator.t(locale, requestKey, { detail: error.message });
    return;
  }
  const errorId = randomUUID();
  logger.error(`[${errorId}] ${original?.stack ?? error.message}`);
  error.message = translator.t(locale, 'errors:internal', { errorId });
  extensions.code = 'INTERNAL_SERVER_ERROR';
  extensions.errorId = errorId;
}

/** graphql-js words an unknown enum value in English; say it in the request's language, with the allowed values. */
function enumMessage(message: string, locale: string, translator: Translator, schema?: GraphQLSchema): string | null {
  const match = /Value "([^"]*)" does not exist in "([A-Za-z_][A-Za-z0-9_]*)" enum/.exec(message);
  if (!match) return null;
  const type = schema?.getType(match[2]);
  const allowed = type instanceof GraphQLEnumType ? type.getValues().map((v) => v.name).join(', ') : '';
  return translator.t(locale, 'errors:graphql.unknownEnumValue', { value: match[1], type: match[2], allowed });
}

export function graphqlErrorsPlugin(translator: Translator, defaultLocale: string): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, schema }) {
          for (const error of errors) translateGraphQLError(error, contextValue?.locale ?? defaultLocale, translator, schema);
        },
      };
    },
  };
}
