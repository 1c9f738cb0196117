import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../graphql/request-context';
import { LocaleRegistry } from './locale-registry';

/** Turns `locale` arguments into supported codes, and keeps the request's language in step with them. */
@Injectable()
export class RequestLocaleService {
  constructor(private readonly registry: LocaleRegistry) {}

  /** A supported locale code for `tag`, or BAD_USER_INPUT listing the supported ones. */
  require(tag: string): string {
    return this.registry.require(tag);
  }

  /**
   * The content language of a query: the `locale` argument (which then also becomes the language of
   * messages), else the request's negotiated language.
   */
  forRequest(ctx: RequestContext, tag?: string | null): string {
    if (tag === undefined || tag === null) return ctx.locale;
    const code = this.require(tag);
    ctx.locale = code;
    return code;
  }
}
