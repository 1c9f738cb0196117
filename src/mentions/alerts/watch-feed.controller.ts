import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { LocaleRegistry } from '../../i18n/locale-registry';
import { negotiateLocale } from '../../i18n/negotiate';
import { MentionAlertsService } from './mention-alerts.service';

/** GET /watches/:id/mentions.atom?token=: a watch's private Atom feed (the request logger redacts ?token=). */
@Controller()
export class WatchFeedController {
  constructor(
    private readonly service: MentionAlertsService,
    private readonly locales: LocaleRegistry,
  ) {}

  @Get('watches/:id/mentions.atom')
  async feed(@Param('id') id: string, @Query('token') token: unknown, @Headers('accept-language') acceptLanguage: string | undefined, @Res() res: Response) {
    const requestLocale = negotiateLocale(acceptLanguage, this.locales.codes, this.locales.defaultLocale);
    const feed = await this.service.renderFeed(id, token, requestLocale);
    // Private: no shared cache keeps it, no search engine lists it, no link followed from it carries its URL.
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('X-Robots-Tag', 'noindex');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Language', feed.language);
    res.status(200).type(feed.contentType).send(feed.body);
  }
}
