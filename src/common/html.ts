import sanitize from 'sanitize-html';
import { httpUrl } from './text';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'small', 'mark', 'q', 'cite', 'abbr', 'span', 'div',
  'a', 'img', 'figure', 'figcaption', 'picture', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
];

/**
 * The allow-list every bodyHtml passes on write, from clients and feeds alike: no script, style,
 * iframe, object, form or event handler; only http(s) and mailto links; links made absolute against
 * `baseUrl`, and relative links dropped when there is no base to resolve them against.
 */
export function sanitizeBodyHtml(html: string, baseUrl?: string | null): string {
  const absolute = (value: string | undefined): string | undefined => {
    if (!value) return undefined;
    if (/^mailto:/i.test(value.trim())) return value.trim();
    return httpUrl(value.trim(), baseUrl ?? undefined) ?? undefined;
  };
  const cleaned = sanitize(html.normalize('NFC'), {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'hreflang', 'lang', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      '*': ['lang', 'dir'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template'],
    transformTags: {
      a: (tagName, attribs) => {
        const href = absolute(attribs.href);
        const out: Record<string, string> = { ...attribs };
        if (href) out.href = href;
        else delete out.href;
        // Links from feeds and clients are never trusted with the reader's context or our ranking.
        if (href && !href.startsWith('mailto:')) out.rel = 'noopener noreferrer nofollow';
        else delete out.rel;
        return { tagName, attribs: out };
      },
      img: (tagName, attribs) => {
        const src = absolute(attribs.src);
        const out: Record<string, string> = { ...attribs };
        if (src) out.src = src;
        else delete out.src;
        return { tagName, attribs: out };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
  return cleaned.trim();
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to put in HTML, as element content or an attribute value. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** Plain text of some HTML (for summaries, excerpts and language detection). */
export function htmlToText(html: string): string {
  return sanitize(html, { allowedTags: [], allowedAttributes: {}, nonTextTags: ['script', 'style', 'textarea', 'noscript'] })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
