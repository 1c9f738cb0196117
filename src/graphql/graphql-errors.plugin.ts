import { Logger } from '@nestjs/common';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLEnumType, GraphQLError, GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { Translator } from '../i18n/translator';
import { DomainError, httpStatusOf, isServiceOutage, serviceUnavailable } from '../common/errors';
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
    // An outage answers 503 (load balancers and clients retry on it); other rule errors keep GraphQL's 200.
    if (original.code === 'SERVICE_UNAVAILABLE') extensions.http = { status: 503 };
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
  if (isServiceOutage(original)) {
    // The database went away mid-request: say so (503), with the id of the logged driver error.
    const outage = serviceUnavailable(errorId, original);
    error.message = translator.t(locale, outage.key, outage.params);
    Object.assign(extensions, { code: outage.code, errorId, http: { status: 503 } });
    return;
  }
  error.message = translator.t(locale, 'errors:internal', { errorId });
  extensions.code = 'INTERNAL_SERVER_ERROR';
  extensions.errorId = errorId;
}

/**
 * An error thrown while the request's context is built (the API key lookup, so a database outage shows up
 * here first). Apollo answers it before any plugin runs and would send the driver's words with a 500, so it
 * is translated here: a DomainError keeps its code, an outage is SERVICE_UNAVAILABLE (503), anything else
 * INTERNAL_SERVER_ERROR; the last two carry the errorId of the logged cause.
 */
export function contextCreationError(error: unknown, locale: string, translator: Translator): GraphQLError {
  let domain: DomainError;
  if (error instanceof DomainError) domain = error;
  else {
    const errorId = randomUUID();
    logger.error(`[${errorId}] while building the request context: ${(error as Error)?.stack ?? String(error)}`);
    domain = isServiceOutage(error) ? serviceUnavailable(errorId, error) : new DomainError('INTERNAL_SERVER_ERROR', 'errors:internal', { errorId }, { errorId });
  }
  return new GraphQLError(translator.t(locale, domain.key, domain.params), {
    extensions: { ...domain.extensions, code: domain.code, http: { status: httpStatusOf(domain.code) } },
  });
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
