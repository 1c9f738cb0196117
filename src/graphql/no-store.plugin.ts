import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';

/**
 * Cache-Control without Apollo's cache-control plugin. That plugin wraps every field resolver of the schema
 * to collect per-field hints we never set (newsdesk sets no @cacheControl): about a tenth of the article
 * list's CPU under load. Its one visible effect, `no-store` on answers nothing else marked cacheable, is
 * kept here; readCachePlugin marks anonymous GET reads public.
 */
export function noStoreByDefaultPlugins(): ApolloServerPlugin[] {
  return [
    ApolloServerPluginCacheControlDisabled(),
    {
      async requestDidStart() {
        return {
          async willSendResponse(rc) {
            if (!rc.response.http.headers.has('cache-control')) rc.response.http.headers.set('cache-control', 'no-store');
          },
        };
      },
    },
  ];
}
