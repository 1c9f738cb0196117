import { escapeHtml } from '../common/html';
import type { Translator } from '../i18n/translator';
import { composeDigest, type DigestCounts } from './digest-text';

export interface DigestMail {
  subject: string;
  text: string;
  html: string;
  total: number;
}

/**
 * The digest as an e-mail in `language`: the composed digest (plural forms per count) under a line with
 * the day, written the language's way (Intl), and a link to the desk; plain text and the same as HTML
 * (right to left for RTL languages).
 */
export function composeDigestMail(
  translator: Translator,
  language: string,
  name: string,
  counts: DigestCounts,
  options: { day: string; deskUrl: string; direction: 'LTR' | 'RTL' },
): DigestMail {
  const digest = composeDigest(translator, language, name, counts);
  // The digest's day is a UTC date: formatted at noon UTC so no time zone moves it.
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${options.day}T12:00:00Z`));
  const heading = translator.t(language, 'mail:digest.date', { date });
  const why = translator.t(language, 'mail:digest.why');
  const text = [heading, '', digest.body, '', translator.t(language, 'mail:digest.open', { url: options.deskUrl }), '', '-- ', why].join('\n');
  const paragraphs = digest.body.split('\n\n').map((block) => `<p>${block.split('\n').map(escapeHtml).join('<br>')}</p>`);
  const dir = options.direction === 'RTL' ? 'rtl' : 'ltr';
  const html = [
    `<!doctype html><html lang="${escapeHtml(language)}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(digest.subject)}</title></head><body>`,
    `<h1>${escapeHtml(heading)}</h1>`,
    ...paragraphs,
    `<p><a href="${escapeHtml(options.deskUrl)}">${escapeHtml(translator.t(language, 'mail:digest.openLink'))}</a></p>`,
    `<hr><p><small>${escapeHtml(why)}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: digest.subject, text, html, total: digest.total };
}
