import { Injectable, Logger } from '@nestjs/common';
import { SectionRepository } from '../../sections';
import { FeedRepository } from '../feed.repository';
import { IngestReport, IngestService, type IngestTarget } from '../ingest.service';
import { isFeedProblem, storedMessageOf } from '../../feed-reader/poll-failure';
import { PushedDocumentRepository } from './pushed-document.repository';

export type PushOutcome =
  | { outcome: 'skipped'; reason: 'already-finished' | 'section-gone' }
  | { outcome: 'ingested'; report: IngestReport }
  | { outcome: 'failed'; key: string };

/**
 * The worker's half of a push: parses the stored body and ingests it, then records the push's final
 * state (INGESTED with its item count, or FAILED with a translatable reason) and deletes the body.
 * A redelivered job finds the push finished and does nothing.
 */
@Injectable()
export class PushIngestService {
  private readonly logger = new Logger(PushIngestService.name);

  constructor(
    private readonly pushes: PushedDocumentRepository,
    private readonly sections: SectionRepository,
    private readonly ingest: IngestService,
    private readonly feeds: FeedRepository,
  ) {}

  /** `lastAttempt`: an unexpected error (PostgreSQL down, a bug) ends the push as FAILED instead of retrying. */
  async run(pushId: string, lastAttempt: boolean): Promise<PushOutcome> {
    const pending = await this.pushes.pending(pushId);
    if (!pending) return { outcome: 'skipped', reason: 'already-finished' };
    const section = await this.sections.findById(pending.sectionId);
    if (!section) return { outcome: 'skipped', reason: 'section-gone' };
    // Content a WebSub hub distributed for a feed is ingested as that feed's (its locale, its articles).
    const feed = pending.feedId ? await this.feeds.findById(pending.feedId) : null;
    const target: IngestTarget = { sectionId: section.id, sectionDefaultLocale: section.defaultLocale, feedId: feed?.id ?? null, feedLocale: feed?.locale ?? null, guidsUnstable: feed?.guidsUnstable ?? false };
    try {
      const { report } = await this.ingest.ingestDocument(target, pending.body, { contentType: pending.contentType, baseUrl: feed?.url ?? section.homepage, fetchedAt: pending.receivedAt });
      await this.pushes.finish(pushId, { state: 'INGESTED', itemCount: report.items });
      if (feed) await this.feeds.recountItems(feed.id);
      return { outcome: 'ingested', report };
    } catch (error) {
      if (!isFeedProblem(error) && !lastAttempt) throw error;
      // Only the document's own problems are shown as they are; ours get a generic message (nothing raw leaves).
      const message = isFeedProblem(error) ? storedMessageOf(error) : { key: 'ingest:push.failed', params: {} };
      this.logger.warn(`push ${pushId} failed: ${isFeedProblem(error) ? message.key : String((error as Error).message)}`);
      await this.pushes.finish(pushId, { state: 'FAILED', error: message });
      return { outcome: 'failed', key: message.key };
    }
  }
}
