import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DomainError, notFound } from '../../common/errors';
import { AppConfig } from '../../config/app-config';
import { SectionsService } from '../../sections/sections.service';
import { FeedSource } from '../../feed-reader/feed-source';
import { sha256 } from '../../feed-reader/identity';
import { enqueueOrFail } from '../queue-errors';
import { FEEDS_QUEUE, FeedJobs, INGEST_JOB_OPTIONS, pushJobId } from '../jobs/feed-jobs';
import { generatePushSecret, SecretBox } from './secret-box';
import { PushSecretRepository } from './push-secret.repository';
import { verifySignature } from './signature';

const SIGNATURE_KEYS = {
  missing: 'ingest:push.signature.missing',
  malformed: 'ingest:push.signature.malformed',
  'unsupported-algorithm': 'ingest:push.signature.unsupportedAlgorithm',
  mismatch: 'ingest:push.signature.mismatch',
} as const;

const rest = (code: DomainError['code'], httpStatus: number, key: string, params: Record<string, unknown> = {}, reason?: string) =>
  new DomainError(code, key, params, { httpStatus, ...(reason ? { reason } : {}) });

/**
 * Signed pushes: a section's site POSTs its feed with an HMAC of the raw body. Order matters: size,
 * then signature, then "is it a feed", then one job per distinct body. Nothing is stored until the
 * signature is verified, and nothing at all when any check fails.
 */
@Injectable()
export class PushService {
  private readonly box: SecretBox;

  constructor(
    private readonly secrets: PushSecretRepository,
    private readonly sections: SectionsService,
    private readonly source: FeedSource,
    private readonly config: AppConfig,
    @InjectQueue(FEEDS_QUEUE) private readonly queue: Queue,
  ) {
    this.box = new SecretBox(config.secretKey);
  }

  /** A new secret for the section, returned this once; the previous one works for the overlap window. */
  async rotate(sectionSlug: string): Promise<string> {
    const section = await this.sections.require(sectionSlug);
    const secret = generatePushSecret();
    await this.secrets.rotate(section.id, this.box.seal(secret), this.config.push.secretOverlapMs);
    return secret;
  }

  /** The secrets that verify now: the current one, and the previous one inside its overlap window. */
  async activeSecrets(sectionId: string, now = new Date()): Promise<string[]> {
    const row = await this.secrets.findBySection(sectionId);
    if (!row) return [];
    const out = [this.box.open(row.currentSecret)];
    if (row.previousSecret && row.previousValidUntil && row.previousValidUntil > now) out.push(this.box.open(row.previousSecret));
    return out.filter((s): s is string => !!s);
  }

  async receive(
    sectionSlug: string,
    raw: { body: Buffer | null; tooLarge: boolean } | undefined,
    signature: string | string[] | undefined,
    contentType: string | null,
  ): Promise<{ jobId: string }> {
    if (!raw || raw.tooLarge || !raw.body) {
      if (raw?.tooLarge) throw rest('BAD_USER_INPUT', 413, 'ingest:push.tooLarge', { max: this.config.push.maxBytes }, 'PAYLOAD_TOO_LARGE');
      throw rest('BAD_USER_INPUT', 400, 'ingest:push.noBody');
    }
    const section = await this.sections.findBySlug(sectionSlug);
    if (!section) throw notFound('errors:section.notFound', { slug: sectionSlug });
    const secrets = await this.activeSecrets(section.id);
    const check = verifySignature(signature, raw.body, secrets);
    if (check !== 'valid') {
      const key = secrets.length === 0 ? 'ingest:push.noSecret' : SIGNATURE_KEYS[check];
      throw rest('UNAUTHENTICATED', 401, key, { header: 'X-Hub-Signature-256' });
    }
    const receivedAt = new Date();
    try {
      const parsed = this.source.parse(raw.body, { contentType, baseUrl: section.homepage, fetchedAt: receivedAt });
      if (!parsed.items.length) throw rest('BAD_USER_INPUT', 422, 'ingest:push.noItems', {}, 'UNPROCESSABLE_ENTITY');
    } catch (error) {
      if (error instanceof DomainError && error.extensions.httpStatus) throw error;
      const e = error as { key?: string; params?: Record<string, unknown> };
      const notAFeed = typeof e.key === 'string' && /notAFeed|empty/.test(e.key);
      throw new DomainError('BAD_USER_INPUT', 'ingest:push.notAFeed', { reason: e.key ? '' : String((error as Error).message) }, {
        httpStatus: notAFeed ? 415 : 422,
        reason: notAFeed ? 'UNSUPPORTED_MEDIA_TYPE' : 'UNPROCESSABLE_ENTITY',
        detailKey: e.key,
      });
    }
    const jobId = pushJobId(section.id, sha256(raw.body));
    const data: FeedJobs['push'] = { sectionId: section.id, body: raw.body.toString('base64'), contentType, receivedAt: receivedAt.toISOString() };
    // A replayed body has the same job id: BullMQ keeps the first job and adds nothing.
    await enqueueOrFail(() => this.queue.add('push', data, { ...INGEST_JOB_OPTIONS, jobId }));
    await this.secrets.touchPush(section.id);
    return { jobId };
  }
}
