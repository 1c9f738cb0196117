import { ApolloDriverConfig } from '@nestjs/apollo';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { Request } from 'express';
import { specifiedRules, validate, type GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { bearerToken } from '../common/bearer-token';
import type { Principal } from '../common/principal';
import type { AppConfig } from '../config/app-config';
import type { LocaleRegistry } from '../i18n/locale-registry';
import { negotiateLocale } from '../i18n/negotiate';
import type { Translator } from '../i18n/translator';
import { contextCreationError, graphqlErrorsPlugin, translateGraphQLError } from './graphql-errors.plugin';
import { JSONScalar } from './json.scalar';
import { listCostRule } from './list-cost.rule';
import { noStoreByDefaultPlugins } from './no-store.plugin';
import { readCachePlugin } from './read-cache.plugin';
import type { ReadCache } from '../redis/read-cache';
import type { ReplicaReads } from '../redis/replica-reads';
import { replicaReadsPlugin } from './replica-reads.plugin';
import { subscribeWithEventLoaders } from './subscriptions';
import { RequestContext, RequestLoaders } from './request-context';

/** Where the generated schema is written (and committed); CI checks it is up to date. */
export const SCHEMA_FILE = join(__dirname, '..', '..', 'schema.gql');

/** Who is calling, from their key: the auth domain answers (null: unknown or revoked). */
export interface Authenticator {
  authenticate(key: string): Promise<Principal | null>;
  /** authenticate(), remembered for the request (the rate limiter has usually asked already). */
  authenticateOnce(req: object, key: string): Promise<Principal | null>;
}

/** A subscription socket as graphql-ws hands it over (the `ws` socket): closable, and says when it closed. */
export interface LiveSocket {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

export interface ContextDeps {
  auth: Authenticator;
  /** Closes a key's sockets when the key is revoked (absent in the schema generator). */
  keySockets?: { track(keyId: string, socket: LiveSocket): void };
  locales: LocaleRegistry;
  /** Anonymous reads and automatic persisted queries kept in Redis (absent in the schema generator). */
  readCache?: ReadCache;
  /** Whether an anonymous read may go to a PostgreSQL replica (absent in the schema generator). */
  replicaReads?: ReplicaReads;
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
    ctx.principal = await (req ? deps.auth.authenticateOnce(req, token) : deps.auth.authenticate(token));
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

/** What a graphql-ws connection keeps after its connection_init: the caller and the negotiated language. */
interface WsExtra {
  request?: IncomingMessage;
  socket?: LiveSocket;
  caller?: Pick<RequestContext, 'principal' | 'locale'>;
}

/**
 * The "headers" of a subscription connection: the key from connectionParams.Authorization, the language
 * from connectionParams.locale or connectionParams["Accept-Language"], else the upgrade request's header.
 */
function wsHeaders(ctx: WsContext): { authorization?: string; acceptLanguage?: string } {
  const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const request = (ctx.extra as WsExtra).request;
  return {
    authorization: text(params.Authorization) ?? text(params.authorization),
    acceptLanguage:
      text(params.locale) ?? text(params['Accept-Language']) ?? text(params.acceptLanguage) ?? text(request?.headers['accept-language']),
  };
}

/** graphql-js's "Did you mean ...?" tail (what Apollo's hideSchemaDetailsFromClientErrors removes over HTTP). */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, '');
}

/**
 * graphql-ws's connection_init: the socket's caller, authenticated once, here (false closes it with 4403). Revoking
 * the key later closes the socket too (4403), in whichever process it is open.
 */
async function connectSocket(ctx: WsContext, deps: ContextDeps, translator: Translator): Promise<boolean> {
  const headers = wsHeaders(ctx);
  // A database outage closes the socket (4500) with a translated reason, never the driver's words.
  const caller = await buildRequestContext(deps, headers).catch((error: unknown) => {
    throw contextCreationError(error, negotiateLocale(headers.acceptLanguage, deps.locales.codes, deps.locales.defaultLocale), translator);
  });
  if (caller.authFailed) return false;
  const extra = ctx.extra as WsExtra;
  extra.caller = { principal: caller.principal, locale: caller.locale };
  if (caller.principal && extra.socket) deps.keySockets?.track(caller.principal.keyId, extra.socket);
  return true;
}

export function graphqlOptions(config: AppConfig, deps: ContextDeps, translator: Translator, writeSchema: boolean): ApolloDriverConfig {
  const limits = config.graphqlLimits;
  const validationRules = [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, ...reportLimit }),
    maxAliasesRule({ n: limits.maxAliases, ...reportLimit }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportLimit }),
    listCostRule(limits.maxCost),
  ];
  return {
    autoSchemaFile: writeSchema ? SCHEMA_FILE : true,
    sortSchema: true,
    path: '/graphql',
    resolvers: { JSON: JSONScalar },
    introspection: !config.isProduction,
    // With introspection off, "Did you mean ...?" would hand out the schema field by field.
    hideSchemaDetailsFromClientErrors: config.isProduction,
    // Apollo Server 5 refuses batched arrays by default; CSRF prevention is on by default.
    allowBatchedHttpRequests: false,
    // Keep the status an error asks for (503 during an outage) even when the body has a data key; only
    // SERVICE_UNAVAILABLE sets one, so every other execution error still answers 200.
    preserveHttpStatusForExecutionErrors: false,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules,
    // Apollo's CJS and ESM typings differ; the plugin object is the same at run time.
    plugins: [
      graphqlErrorsPlugin(translator, deps.locales.defaultLocale) as never,
      ...(noStoreByDefaultPlugins() as never[]),
      ...(deps.readCache ? [readCachePlugin(deps.readCache) as never] : []),
      ...(deps.replicaReads?.enabled ? [replicaReadsPlugin(deps.replicaReads) as never] : []),
    ],
    ...(deps.readCache ? { persistedQueries: { cache: deps.readCache.persistedQueries(), ttl: null } } : {}),
    subscriptions: subscriptionOptions(config, deps, translator, validationRules),
    context: (arg: { req?: Request; extra?: WsExtra }) => {
      if (!arg.req && arg.extra) {
        // A graphql-ws operation: the connection's caller; each subscription event gets fresh loaders (subscribeWithEventLoaders).
        const caller = arg.extra.caller;
        return {
          locale: caller?.locale ?? deps.locales.defaultLocale,
          principal: caller?.principal ?? null,
          authFailed: false,
          loaders: new RequestLoaders(),
        } satisfies RequestContext;
      }
      const req = arg.req as Request;
      const headers = { authorization: req.headers.authorization, acceptLanguage: req.headers['accept-language'] };
      return buildRequestContext(deps, headers, req).catch((error: unknown) => {
        throw contextCreationError(error, negotiateLocale(headers.acceptLanguage, deps.locales.codes, deps.locales.defaultLocale), translator);
      });
    },
  };
}

/**
 * Subscriptions over graphql-ws, on the same path: authenticated once per connection (a wrong key closes it
 * with 4403), the same validation limits, errors translated like every other error.
 */
function subscriptionOptions(config: AppConfig, deps: ContextDeps, translator: Translator, validationRules: ValidationRule[]): never {
  const wsLocale = (ctx: WsContext) => (ctx.extra as WsExtra).caller?.locale ?? deps.locales.defaultLocale;
  return {
    'graphql-ws': {
      path: '/graphql',
      // Each event of a subscription gets fresh DataLoaders (the operation's context outlives one event).
      subscribe: subscribeWithEventLoaders,
      onConnect: (ctx: WsContext) => connectSocket(ctx, deps, translator),
      validate: (schema: Parameters<typeof validate>[0], document: Parameters<typeof validate>[1]) => {
        const errors = validate(schema, document, [...specifiedRules, ...validationRules]);
        if (config.isProduction) for (const error of errors) error.message = withoutSuggestions(error.message);
        return errors;
      },
      onNext: (ctx: WsContext, _id: string, _payload: unknown, _args: unknown, result: { errors?: readonly GraphQLError[] }) => {
        for (const error of result.errors ?? []) translateGraphQLError(error, wsLocale(ctx), translator);
      },
      onError: (ctx: WsContext, _id: string, _payload: unknown, errors: readonly GraphQLError[]) => {
        for (const error of errors) translateGraphQLError(error, wsLocale(ctx), translator);
      },
    },
  } as never;
}
