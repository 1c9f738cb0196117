import { withRequestId } from '../../common/request-id';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Principal } from '../../common/principal';
import { DomainError, forbidden } from '../../common/errors';
import { AppConfig } from '../../config/app-config';
import { SectionsService } from '../../sections';
import { FeedSource } from '../../feed-reader/feed-source';
import { sha256 } from '../../feed-reader/identity';
import { enqueueOrFail } from '../queue-errors';
import { FEEDS_QUEUE, FeedJobs, INGEST_JOB_OPTIONS, pushJobId } from '../jobs/feed-jobs';
import { Translator } from '../../i18n/translator';
import { PushStateEnum, PushStatusModel } from '../models/push-status.model';
import { PushedDocumentRepository } from './pushed-document.repository';
import { SecretBox } from '../../common/secret-box';
import { generatePushSecret } from './secret-box';
import { PushSecretRepository } from './push-secret.repository';
import { checkSignature, verifySignature } from './signature';

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
 * then signature, then a sniff of the first bytes, then one stored body and job per distinct body.
 * Nothing is stored until the signature is verified, and nothing at all when any check fails.
 */
@Injectable()
export class PushService {
  private readonly box: SecretBox;

  constructor(
    private readonly secrets: PushSecretRepository,
    private readonly pushes: PushedDocumentRepository,
    private readonly translator: Translator,
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

  /** The secrets that verify pushes to this section slug now (none for an unknown section). */
  async secretsFor(sectionSlug: string): Promise<string[]> {
    const section = await this.sections.findBySlug(sectionSlug);
    return section ? this.activeSecrets(section.id) : [];
  }

  /** The secrets that verify now: the current one, and the previous one inside its overlap window. */
  async activeSecrets(sectionId: string, now = new Date()): Promise<string[]> {
    const row = await this.secrets.findBySection(sectionId);
    if (!row) return [];
    const out = [this.box.open(row.currentSecret)];
    if (row.previousSecret && row.previousValidUntil && row.previousValidUntil > now) out.push(this.box.open(row.previousSecret));
    return out.filter((s): s is string => !!s);
  }

  /**
   * Verifies and stores a pushed body, queues its ingestion and answers at once: parsing happens in the
   * worker, never on the request path. An unknown section is answered exactly like a section whose secret
   * does not match, so the route cannot be used to list sections.
   */
  async receive(
    sectionSlug: string,
    raw: { body: Buffer | null; tooLarge: boolean; sha256?: string; hmacs?: Buffer[] } | undefined,
    signature: string | string[] | undefined,
    contentType: string | null,
  ): Promise<{ jobId: string }> {
    if (!raw || raw.tooLarge || !raw.body) {
      if (raw?.tooLarge) throw rest('BAD_USER_INPUT', 413, 'ingest:push.tooLarge', { max: this.config.push.maxBytes }, 'PAYLOAD_TOO_LARGE');
      throw rest('BAD_USER_INPUT', 400, 'ingest:push.noBody');
    }
    const section = await this.sections.findBySlug(sectionSlug);
    // HMACs computed as the body arrived (rawBodyUnder with secretsFor), else computed now off the event loop.
    const check = raw.hmacs
      ? checkSignature(signature, raw.hmacs)
      : await verifySignature(signature, raw.body, section ? await this.activeSecrets(section.id) : []);
    if (!section || check !== 'valid') {
      throw rest('UNAUTHENTICATED', 401, SIGNATURE_KEYS[check === 'valid' ? 'mismatch' : check], { header: 'X-Hub-Signature-256' });
    }
    // The first bytes only: a body that is plainly not a feed is refused here; a broken feed fails in the worker.
    if (!this.source.sniff(raw.body, contentType)) {
      throw rest('BAD_USER_INPUT', 415, 'ingest:push.notAFeed', {}, 'UNSUPPORTED_MEDIA_TYPE');
    }
    const jobId = pushJobId(section.id, raw.sha256 ?? sha256(raw.body));
    const inserted = await this.pushes.store(jobId, section.id, raw.body, contentType);
    const data: FeedJobs['push'] = { pushId: jobId };
    try {
      // A replayed body has the same job id: BullMQ keeps the first job and adds nothing.
      await enqueueOrFail(() => this.queue.add('push', withRequestId(data), { ...INGEST_JOB_OPTIONS, jobId }));
    } catch (error) {
      if (inserted) await this.pushes.forget(jobId);
      throw error;
    }
    await this.secrets.touchPush(section.id);
    return { jobId };
  }

  /** A push's state, for ADMIN or the PUBLISHER of its section; null when there is no such push. */
  async status(id: string, principal: Principal, locale: string): Promise<PushStatusModel | null> {
    const record = await this.pushes.status(id);
    if (!record) return null;
    if (principal.role !== 'ADMIN' && !(principal.role === 'PUBLISHER' && principal.sectionId === record.sectionId)) throw forbidden();
    return {
      id: record.id,
      state: record.state as PushStateEnum,
      itemCount: record.itemCount,
      error: record.error ? this.translator.t(locale, record.error.key, record.error.params ?? {}) : null,
    };
  }
}
