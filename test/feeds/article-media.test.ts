import type { INestApplicationContext } from '@nestjs/common';
import { FeedSource } from '../../src/feed-reader/feed-source';
import { IngestService } from '../../src/feeds/ingest.service';
import { makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';
import { startWorkerContext } from './support/worker-context';

/** Article.media (enclosures and media elements) and Article.publishedAtEstimated, from a real document to GraphQL. */
describe('article media and estimated dates', () => {
  let t: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await TestApp.start();
    worker = await startWorkerContext();
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  const doc = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Media</title><link>https://media.example/</link>
<item><guid>m-1</guid><title>With a podcast and a photo</title><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate>
  <enclosure url="/audio/one.mp3" type="audio/mpeg" length="123456"/>
  <enclosure url="https://media.example/huge.mp4" type="video/mp4" length="9999999999"/>
  <media:content url="https://media.example/photo.jpg" type="image/jpeg" medium="image" fileSize="2048"><media:title>The harbour at dawn</media:title></media:content>
  <enclosure url="javascript:alert(1)" type="text/html"/>
</item>
<item><guid>m-2</guid><title>Date nobody can read</title><pubDate>the day after yesterday</pubDate></item>
<item><guid>m-3</guid><title>No date at all</title></item>
</channel></rss>`;

  it('stores each enclosure and media element once, and says when the fetch time stands in for the date', async () => {
    const admin = await t.key('ADMIN');
    const s = await makeSection(t, admin);
    const fetchedAt = new Date('2026-11-25T12:00:00Z');
    const parsed = worker.get(FeedSource).parse(Buffer.from(doc), { contentType: 'application/rss+xml', baseUrl: 'https://media.example/feed', fetchedAt });
    await worker.get(IngestService).ingest(
      { sectionId: s.id, sectionDefaultLocale: 'en', feedId: null, feedLocale: 'en', guidsUnstable: false },
      parsed,
      fetchedAt,
    );
    const res = await t.gql(
      `query($s: String) { articles(section: $s, first: 10) { edges { node { publishedAt publishedAtEstimated media { url mimeType length title } translation { title } } } } }`,
      { variables: { s: s.slug } },
    );
    expect(res.errors).toBeUndefined();
    const byTitle = Object.fromEntries(
      res.data!.articles.edges.map((e: { node: { translation: { title: string } } }) => [e.node.translation.title, e.node]),
    );
    expect(byTitle['With a podcast and a photo']).toEqual({
      publishedAt: '2026-11-24T08:00:00.000Z',
      publishedAtEstimated: false,
      media: [
        { url: 'https://media.example/audio/one.mp3', mimeType: 'audio/mpeg', length: 123456, title: null },
        // Larger than a GraphQL Int can carry: the length is left out, not wrapped.
        { url: 'https://media.example/huge.mp4', mimeType: 'video/mp4', length: null, title: null },
        { url: 'https://media.example/photo.jpg', mimeType: 'image/jpeg', length: 2048, title: 'The harbour at dawn' },
      ],
      translation: { title: 'With a podcast and a photo' },
    });
    for (const title of ['Date nobody can read', 'No date at all']) {
      expect(byTitle[title]).toMatchObject({ publishedAt: fetchedAt.toISOString(), publishedAtEstimated: true, media: [] });
    }
  });
});
