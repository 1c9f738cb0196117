import { escapeHtml, htmlToText } from '../../common/html';
import type { Translator } from '../../i18n/translator';
import type { AlertMention } from './watch-alerts.repository';

export interface AlertMail {
  subject: string;
  text: string;
  html: string;
}

export interface AlertMailOptions {
  watchName: string;
  direction: 'LTR' | 'RTL';
  /** The digest's day (UTC date); absent for an immediate alert. */
  day?: string;
  /** How many mentions the digest covers (more than it lists when there are very many). */
  total?: number;
}

/** One mention as lines of text and as an HTML block. */
function describe(translator: Translator, language: string, m: AlertMention): { text: string[]; html: string } {
  const when = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(m.publishedAt ?? m.foundAt);
  const source = translator.t(language, 'alerts:mail.source', { source: m.sourceName, date: when });
  const terms = m.matchedTerms.length ? translator.t(language, 'alerts:mail.terms', { terms: m.matchedTerms.join(', ') }) : null;
  const excerpt = htmlToText(m.excerpt);
  const title = m.title ?? m.url;
  return {
    text: [title, m.url, source, excerpt, ...(terms ? [terms] : [])],
    html: [
      `<h2><a href="${escapeHtml(m.url)}">${escapeHtml(title)}</a></h2>`,
      `<p><small>${escapeHtml(source)}</small></p>`,
      // The excerpt is our own escaped HTML with the matches in <mark>.
      `<blockquote>${m.excerpt}</blockquote>`,
      ...(terms ? [`<p><small>${escapeHtml(terms)}</small></p>`] : []),
    ].join('\n'),
  };
}

/**
 * A mention alert in `language`: one mention as it is found (immediate), or a day's mentions (digest, with the
 * day written the language's way). Plain text and the same as HTML, right to left for RTL languages.
 */
export function composeAlertMail(translator: Translator, language: string, mentions: readonly AlertMention[], options: AlertMailOptions): AlertMail {
  const watch = options.watchName;
  const total = options.total ?? mentions.length;
  const digest = options.day !== undefined;
  const subject = digest
    ? translator.t(language, 'alerts:mail.digestSubject', { count: total, watch })
    : translator.t(language, 'alerts:mail.immediateSubject', { watch, title: mentions[0]?.title ?? mentions[0]?.url ?? '' });
  const date = digest ? new Intl.DateTimeFormat(language, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${options.day}T12:00:00Z`)) : '';
  const heading = digest ? translator.t(language, 'alerts:mail.digestHeading', { count: total, watch, date }) : translator.t(language, 'alerts:mail.immediateHeading', { watch });
  const more = total > mentions.length ? translator.t(language, 'alerts:mail.more', { count: total - mentions.length }) : null;
  const why = translator.t(language, 'alerts:mail.why', { watch });
  const blocks = mentions.map((m) => describe(translator, language, m));
  const text = [heading, '', ...blocks.flatMap((b) => [...b.text, '']), ...(more ? [more, ''] : []), '-- ', why].join('\n');
  const dir = options.direction === 'RTL' ? 'rtl' : 'ltr';
  const html = [
    `<!doctype html><html lang="${escapeHtml(language)}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>`,
    `<h1>${escapeHtml(heading)}</h1>`,
    ...blocks.map((b) => b.html),
    ...(more ? [`<p>${escapeHtml(more)}</p>`] : []),
    `<hr><p><small>${escapeHtml(why)}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
