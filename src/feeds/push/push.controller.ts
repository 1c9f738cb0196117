import { Controller, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { RAW_BODY, type RequestWithRawBody } from './raw-body';
import { PushService } from './push.service';

/** POST /ingest/:section: a section pushes its feed, signed with X-Hub-Signature-256. */
@Controller('ingest')
export class PushController {
  constructor(private readonly push: PushService) {}

  @Post(':section')
  @HttpCode(202)
  receive(
    @Param('section') section: string,
    @Req() req: RequestWithRawBody,
    @Headers('x-hub-signature-256') signature: string | undefined,
    @Headers('content-type') contentType: string | undefined,
  ): Promise<{ jobId: string }> {
    return this.push.receive(section, req[RAW_BODY], signature, contentType ?? null);
  }
}
