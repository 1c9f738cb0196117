import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ArticleEvents, type ArticlesChange, type ArticlesListener } from '../../articles';
import { AppConfig } from '../../config/app-config';
import { SectionRepository } from '../../sections';
import { changedFeeds, pingJob, type PingJobData, WEBSUB_PUBLISH_QUEUE } from './websub-ping';

/**
 * WebSub publisher: when articles are published (in any process: the API's editors and desk, the worker's
 * ingestion), the outgoing feeds they appear in are announced to WEBSUB_HUB_URL, debounced per feed set
 * through a delayed job with one id per window (see pingJob); the worker sends the pings. Listens only
 * when a hub is configured.
 */
@Injectable()
export class WebSubPublisher implements ArticlesListener, OnModuleInit {
  private readonly logger = new Logger(WebSubPublisher.name);

  constructor(
    private readonly events: ArticleEvents,
    private readonly sections: SectionRepository,
    private readonly config: AppConfig,
    @InjectQueue(WEBSUB_PUBLISH_QUEUE) private readonly queue: Queue,
  ) {
    this.queue.on('error', (error: Error) => this.logger.warn(`${WEBSUB_PUBLISH_QUEUE} queue: ${error.message}`));
  }

  onModuleInit(): void {
    if (this.config.websub.hubUrl) this.events.listen(this);
  }

  /** Never throws: the articles are committed; a lost ping only delays the hub until the next one. */
  async articlesChanged(change: ArticlesChange): Promise<void> {
    if (!change.published?.length) return;
    try {
      const sections = await this.sections.findByIds([...new Set(change.published.map((p) => p.sectionId))]);
      const slugs = new Map(sections.map((s) => [s.id, s.slug]));
      const publications = change.published.flatMap((p) => {
        const sectionSlug = slugs.get(p.sectionId);
        return sectionSlug ? [{ locale: p.locale, sectionSlug }] : [];
      });
      const now = Date.now();
      await this.queue.addBulk(
        changedFeeds(this.config.publicUrl, publications).map((topics) => {
          const { jobId, delay } = pingJob(topics, now, this.config.websub.publishDebounceMs);
          return {
            name: 'ping',
            data: { topics } satisfies PingJobData,
            opts: { jobId, delay, attempts: 5, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 7 * 86400 } },
          };
        }),
      );
    } catch (error) {
      this.logger.warn(`WebSub publish ping not queued: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
