/** The feeds domain's public surface: other domains import feeds only from here (see ARCHITECTURE.md). Webhooks listen to FeedEvents. */
export { FeedsModule } from './feeds.module';
export { FeedsWorkerModule } from './feeds-worker.module';
export { FeedEventsModule } from './feed-events.module';
export { FeedEvents } from './feed-events';
export type { FeedFailingEvent, FeedListener } from './feed-events';
