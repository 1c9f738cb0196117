import { Q, type Api, type GlossaryTerm, type Text } from './api';
import { h } from './dom';
import { t } from './i18n';
import { termsIn } from './logic';

/** The plain text of a source (title, summary and body), to look its glossary terms up in. */
export function plainText(text: Pick<Text, 'title' | 'summary' | 'bodyHtml'>): string {
  const body = new DOMParser().parseFromString(text.bodyHtml ?? '', 'text/html').body.textContent ?? '';
  return `${text.title}\n${text.summary ?? ''}\n${body}`;
}


/** The protected terms of this source and target language that the source uses, beside the editor. */
export async function glossaryPanel(api: Api, source: Text, targetLocale: string, targetDir: string): Promise<HTMLElement | null> {
  const { glossary } = await api.request<{ glossary: GlossaryTerm[] }>(Q.glossary, { from: source.locale, to: targetLocale });
  const used = termsIn(glossary, plainText(source), source.locale);
  if (!used.length) return null;
  return h(
    'section',
    { class: 'pane glossary', 'aria-labelledby': 'glossary-title' },
    h('h2', { id: 'glossary-title' }, t('glossary')),
    h(
      'dl',
      {},
      ...used.flatMap((term) => [
        h('dt', { lang: source.locale, dir: source.direction.toLowerCase() }, term.source),
        h('dd', { lang: targetLocale, dir: targetDir }, term.target, term.note ? h('span', { class: 'note' }, ` (${term.note})`) : null),
      ]),
    ),
  );
}
