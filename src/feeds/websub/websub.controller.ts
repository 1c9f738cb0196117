import { Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RAW_BODY, type RequestWithRawBody } from '../push/raw-body';
import { type HubQuery, WebSubCallbackService } from './websub-callback.service';

/** GET and POST /websub/:feedId: a WebSub hub verifies our intent to subscribe, and distributes the feed's content. */
@Controller('websub')
export class WebSubController {
  constructor(private readonly callbacks: WebSubCallbackService) {}

  @Get(':feedId')
  async verify(@Param('feedId') feedId: string, @Query() query: HubQuery, @Res() res: Response): Promise<void> {
    const challenge = await this.callbacks.verify(feedId, query);
    // The hub compares the body with its challenge byte for byte: plain text, nothing added.
    res.status(200).type('text/plain; charset=utf-8').setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.send(challenge);
  }

  @Post(':feedId')
  @HttpCode(202)
  receive(
    @Param('feedId') feedId: string,
    @Req() req: RequestWithRawBody,
    @Headers('x-hub-signature') signature: string | undefined,
    @Headers('content-type') contentType: string | undefined,
  ): Promise<{ jobId: string }> {
    return this.callbacks.receive(feedId, req[RAW_BODY], signature, contentType ?? null);
  }
}
