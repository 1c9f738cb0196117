import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isNotModified } from './conditional';
import { RenderedFeed, SyndicationService } from './syndication.service';

/** GET /feeds/:locale.(rss|atom|json) and GET /sections/:slug/feeds/:locale.(rss|atom|json). */
@Controller()
export class SyndicationController {
  constructor(private readonly service: SyndicationService) {}

  @Get('feeds/:file')
  async all(@Param('file') file: string, @Req() req: Request, @Res() res: Response) {
    send(req, res, await this.service.render(file, null));
  }

  @Get('sections/:slug/feeds/:file')
  async section(@Param('slug') slug: string, @Param('file') file: string, @Req() req: Request, @Res() res: Response) {
    send(req, res, await this.service.render(file, slug));
  }
}

function send(req: Request, res: Response, feed: RenderedFeed): void {
  res.setHeader('ETag', feed.etag);
  if (feed.lastModified) res.setHeader('Last-Modified', feed.lastModified.toUTCString());
  res.setHeader('Cache-Control', 'public, max-age=300');
  res.setHeader('Content-Language', feed.locale);
  if (isNotModified(req.headers, feed.etag, feed.lastModified)) {
    res.status(304).end();
    return;
  }
  res.status(200).type(feed.contentType).send(feed.body);
}
