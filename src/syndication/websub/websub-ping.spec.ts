import { changedFeeds, pingJob } from './websub-ping';

describe('changedFeeds', () => {
  it('names the language feeds everywhere and in the section, each format, once per scope', () => {
    const groups = changedFeeds('https://n.example', [
      { locale: 'fr', sectionSlug: 'monde' },
      { locale: 'fr', sectionSlug: 'monde' },
      { locale: 'fr', sectionSlug: 'sport' },
    ]);
    expect(groups).toEqual([
      ['https://n.example/feeds/fr.rss', 'https://n.example/feeds/fr.atom', 'https://n.example/feeds/fr.json'],
      ['https://n.example/sections/monde/feeds/fr.rss', 'https://n.example/sections/monde/feeds/fr.atom', 'https://n.example/sections/monde/feeds/fr.json'],
      ['https://n.example/sections/sport/feeds/fr.rss', 'https://n.example/sections/sport/feeds/fr.atom', 'https://n.example/sections/sport/feeds/fr.json'],
    ]);
  });
});

describe('pingJob', () => {
  const topics = ['https://n.example/feeds/fr.rss'];

  it('gives publications of one window one job, delayed to the window end', () => {
    expect(pingJob(topics, 10_000, 1000)).toEqual({ jobId: pingJob(topics, 10_999, 1000).jobId, delay: 1000 });
    expect(pingJob(topics, 10_999, 1000).delay).toBe(1);
    expect(pingJob(topics, 11_000, 1000).jobId).not.toBe(pingJob(topics, 10_999, 1000).jobId);
    expect(pingJob(['https://n.example/feeds/es.rss'], 10_000, 1000).jobId).not.toBe(pingJob(topics, 10_000, 1000).jobId);
  });

  it('pings at once without a window, and job ids hold no colon', () => {
    expect(pingJob(topics, 5, 0)).toEqual({ jobId: expect.stringMatching(/^ping-[0-9a-f]{32}-5$/), delay: 0 });
    expect(pingJob(topics, 5, 1000).jobId).not.toContain(':');
  });
});
