import { ApolloDriverConfig } from '@nestjs/apollo';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { Request } from 'express';
import type { GraphQLError, ValidationContext } from 'graphql';
import { join } from 'node:path';
import { bearerToken } from '../auth/api-key';
import type { AuthService } from '../auth/auth.service';
import type { AppConfig } from '../config/app-config';
import type { LocaleRegistry } from '../i18n/locale-registry';
import { negotiateLocale } from '../i18n/negotiate';
import type { Translator } from '../i18n/translator';
import { graphqlErrorsPlugin } from './graphql-errors.plugin';
import { JSONScalar } from './json.scalar';
import { RequestContext, RequestLoaders } from './request-context';

/** Where the generated schema is written (and committed); CI checks it is up to date. */
export const SCHEMA_FILE = join(__dirname, '..', '..', 'schema.gql');

export interface ContextDeps {
  auth: AuthService;
  locales: LocaleRegistry;
}

/** Builds the per-request context from the headers: the request's language and the caller's key. */
export async function buildRequestContext(
  deps: ContextDeps,
  headers: { authorization?: string; acceptLanguage?: string },
  req?: Request,
): Promise<RequestContext> {
  const ctx: RequestContext = {
    req,
    locale: negotiateLocale(headers.acceptLanguage, deps.locales.codes, deps.locales.defaultLocale),
    principal: null,
    authFailed: false,
    loaders: new RequestLoaders(),
  };
  const token = bearerToken(headers.authorization);
  if (token === null) ctx.authFailed = true;
  else if (token !== undefined) {
    ctx.principal = await deps.auth.authenticate(token);
    ctx.authFailed = ctx.principal === null;
  }
  return ctx;
}

/**
 * graphql-armor's rules throw by default, which Apollo turns into a 500; reporting the error through
 * the validation context makes it an ordinary GRAPHQL_VALIDATION_FAILED answered before any resolver.
 */
const reportLimit = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

export function graphqlOptions(config: AppConfig, deps: ContextDeps, translator: Translator, writeSchema: boolean): ApolloDriverConfig {
  const limits = config.graphqlLimits;
  return {
    autoSchemaFile: writeSchema ? SCHEMA_FILE : true,
    sortSchema: true,
    path: '/graphql',
    resolvers: { JSON: JSONScalar },
    introspection: !config.isProduction,
    // Apollo Server 5 refuses batched arrays by default; CSRF prevention is on by default.
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [
      maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, ...reportLimit }),
      maxAliasesRule({ n: limits.maxAliases, ...reportLimit }),
      maxDirectivesRule({ n: limits.maxDirectives, ...reportLimit }),
      costLimitRule({ maxCost: 5000, ignoreIntrospection: true, ...reportLimit }),
    ],
    // Apollo's CJS and ESM typings differ; the plugin object is the same at run time.
    plugins: [graphqlErrorsPlugin(translator, deps.locales.defaultLocale) as never],
    context: ({ req }: { req: Request }) =>
      buildRequestContext(
        deps,
        { authorization: req.headers.authorization, acceptLanguage: req.headers['accept-language'] },
        req,
      ),
  };
}
