import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { FOUND_JOB_OPTIONS, foundJobId, MENTION_ALERTS_QUEUE, type MentionAlertJobs } from './alert-jobs';
import { WatchAlertsRepository } from './watch-alerts.repository';

/** Hands a new mention to the worker's alert processor when its watch has alerts to send at once. */
@Injectable()
export class MentionAlertQueue {
  constructor(
    @InjectQueue(MENTION_ALERTS_QUEUE) private readonly queue: Queue<MentionAlertJobs['found']>,
    private readonly alerts: WatchAlertsRepository,
  ) {}

  /** Enqueues the mention's alert (once per mention: a deterministic job id) if its watch sends immediate ones. */
  async found(mentionId: string, watchId: string): Promise<boolean> {
    const alerts = await this.alerts.alertsFor(watchId);
    const immediate = !!alerts && (!!alerts.webhookId || (!!alerts.email && alerts.frequency !== 'DAILY'));
    if (!immediate) return false;
    await this.queue.add('found', { mentionId }, { ...FOUND_JOB_OPTIONS, jobId: foundJobId(mentionId) });
    return true;
  }
}
