import type { INestApplicationContext } from '@nestjs/common';
import type { Principal } from '../common/principal';
import { DomainError } from '../common/errors';
import { escapeHtml as esc } from '../common/html';
import { MentionsService } from '../mentions/mentions.service';
import { WatchesService } from '../mentions/watches.service';
import { MatchModeEnum } from '../mentions/models/mention.model';

/**
 * Outside sites that name the organisation, for the demo: a Chinese-language post on an embassy's social
 * account (in traditional characters, matched by a simplified term), a campus blog, and an unrelated
 * "IMT Atlantique" story that the watch's exclusion keeps out.
 */
const OUTSIDE: Record<string, { title: string; locale: string; items: { id: string; title: string; text: string }[] }> = {
  embassy: {
    title: 'US Embassy China (Weibo)',
    locale: 'zh',
    items: [
      {
        id: 'weibo-1',
        title: '關於麥迪遜學生團體的說明',
        text: '威斯康星大學麥迪遜分校的一個馬克思主義學生協會與國際馬克思主義傾向（IMT）有聯繫，該組織在多個國家設有支部。',
      },
    ],
  },
  campus: {
    title: 'Campus Weekly',
    locale: 'en',
    items: [
      { id: 'campus-1', title: 'Student society hosts reading group', text: 'The society, part of the International Marxist Tendency, meets every Thursday.' },
      { id: 'campus-2', title: 'Engineering exchange with IMT Atlantique', text: 'Students from IMT Atlantique visit the engineering school in May.' },
    ],
  },
};


/** The RSS of one outside site, or null for an unknown one. */
export function renderOutsideFeed(name: string, base: string): { contentType: string; body: Buffer } | null {
  const site = OUTSIDE[name];
  if (!site) return null;
  const link = (id: string) => `https://${name}.outside.example/posts/${id}`;
  const items = site.items
    .map(
      (item, i) =>
        `<item><guid>${link(item.id)}</guid><link>${link(item.id)}</link><title>${esc(item.title)}</title>` +
        `<description>${esc(item.text)}</description><pubDate>${new Date(Date.UTC(2026, 10, 20 + i)).toUTCString()}</pubDate></item>`,
    )
    .join('\n');
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${esc(site.title)}</title><link>${base}/outside/${name}.xml</link><description>${esc(site.title)}</description><language>${site.locale}</language>
${items}
</channel></rss>`;
  return { contentType: 'application/rss+xml; charset=utf-8', body: Buffer.from(xml) };
}

const DEMO_EDITOR: Principal = { keyId: 'demo-seed', name: 'demo seed', role: 'ADMIN', locales: [], sectionId: null };

/** A watch for the organisation's name in four scripts, and the outside sites as mention sources (once). */
export async function registerDemoMentions(app: INestApplicationContext, base: string): Promise<{ watches: number; sources: number }> {
  const mentions = app.get(MentionsService);
  let watches = 0;
  if (!(await mentions.listWatches()).some((w) => w.name === 'The organisation')) {
    await app.get(WatchesService).createWatch(
      {
        name: 'The organisation',
        section: 'usa',
        excludes: ['IMT Atlantique'],
        terms: [
          { text: 'International Marxist Tendency', mode: MatchModeEnum.PHRASE },
          { text: 'IMT', mode: MatchModeEnum.WORD },
          { text: '国际马克思主义倾向', locale: 'zh', mode: MatchModeEnum.SUBSTRING },
          { text: 'بین الاقوامی مارکسی رجحان', locale: 'ur', mode: MatchModeEnum.PHRASE },
        ],
      },
      DEMO_EDITOR,
    );
    watches++;
  }
  let sources = 0;
  for (const [name, site] of Object.entries(OUTSIDE)) {
    try {
      await mentions.addSource({ name: site.title, url: `${base}/outside/${name}.xml`, kind: 'rss' });
      sources++;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
    }
  }
  return { watches, sources };
}
