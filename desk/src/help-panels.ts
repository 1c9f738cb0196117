import type { Api } from './api';
import { fragment, h, replace } from './dom';
import { t } from './i18n';
import { similarityPercent, suggestionUse } from './logic';
import { sanitizeHtml } from './sanitize';

export interface MemoryMatch {
  sourceText: string;
  translatedText: string;
  similarity: number;
}
export interface TranslationCheck {
  code: string;
  severity: string;
  message: string;
}
export interface MachineSuggestion {
  provider: string;
  title: string;
  summary: string | null;
  bodyHtml: string | null;
}

export const HELP_Q = {
  memory: `query($id: ID!, $locale: String!) { translationMemory(articleId: $id, locale: $locale, limit: 5) { sourceText translatedText similarity } }`,
  checks: `query($id: ID!, $locale: String!) { translationChecks(articleId: $id, locale: $locale) { code severity message } }`,
  machine: `query($id: ID!, $locale: String!) { machineSuggestion(articleId: $id, locale: $locale) { provider title summary bodyHtml } }`,
};

/** What the panels need from the editor beside them. */
export interface HelpHost {
  api: Api;
  articleId: string;
  locale: string;
  sourceLocale: string;
  sourceDir: string;
  dir: string;
  /** Why this is a task, and the status of the translation the editor started from: together, whether it is approved text. */
  reason: string;
  startStatus: string | null;
  insertText: (text: string) => void;
  insertHtml: (html: string) => void;
  replaceDraft: (s: MachineSuggestion) => void;
  say: (message: string) => void;
  fail: (error: unknown) => void;
}

/** The closest earlier published translations of the source's segments; a click inserts one at the caret. */
export async function memoryPanel(host: HelpHost): Promise<HTMLElement> {
  const { translationMemory: matches } = await host.api.request<{ translationMemory: MemoryMatch[] }>(HELP_Q.memory, { id: host.articleId, locale: host.locale });
  return h(
    'section',
    { class: 'pane memory', 'aria-labelledby': 'memory-title' },
    h('h2', { id: 'memory-title' }, t('memory')),
    matches.length
      ? h(
          'ol',
          {},
          ...matches.map((m, i) =>
            h(
              'li',
              {},
              h('p', { class: 'tm-target', id: `tm-${i}`, lang: host.locale, dir: host.dir }, m.translatedText),
              h('p', { class: 'tm-source', lang: host.sourceLocale, dir: host.sourceDir }, m.sourceText),
              h('p', { class: 'tm-similarity' }, t('similarity', { percent: similarityPercent(m.similarity) })),
              h('button', { type: 'button', class: 'tm-insert', 'aria-describedby': `tm-${i}`, onclick: () => host.insertText(m.translatedText) }, t('insertAtCaret')),
            ),
          ),
        )
      : h('p', { class: 'help' }, t('memoryEmpty')),
  );
}

/** The server's warnings about the saved draft, listed before submit and on demand. None blocks. */
export class ChecksPanel {
  readonly root: HTMLElement;
  /** The draft version whose warnings are on show (null: none shown yet). */
  shownFor: number | null = null;
  count = 0;
  private readonly list = h('div', { class: 'checks-list', 'aria-live': 'polite' });

  constructor(
    private readonly host: HelpHost,
    checkNow: () => void,
  ) {
    this.root = h(
      'section',
      { class: 'pane checks', 'aria-labelledby': 'checks-title' },
      h('h2', { id: 'checks-title', tabindex: -1 }, t('checks')),
      h('button', { type: 'button', id: 'run-checks', onclick: checkNow }, t('runChecks')),
      this.list,
    );
  }

  /** Asks the server about the draft saved as `version` and lists what it finds; returns the number of warnings. */
  async run(version: number): Promise<number> {
    const { translationChecks: found } = await this.host.api.request<{ translationChecks: TranslationCheck[] }>(HELP_Q.checks, {
      id: this.host.articleId,
      locale: this.host.locale,
    });
    replace(
      this.list,
      found.length
        ? h('ul', {}, ...found.map((c) => h('li', { class: `check check-${c.severity}`, 'data-code': c.code }, c.message)))
        : h('p', { class: 'help' }, t('checksNone')),
    );
    this.shownFor = version;
    this.count = found.length;
    return found.length;
  }

  focus(): void {
    this.root.querySelector<HTMLElement>('#checks-title')?.focus();
  }
}

/** A machine suggestion on request, marked as the machine's, used only on the translator's click. */
export function machinePanel(host: HelpHost): HTMLElement {
  const note = h('p', { class: 'help', id: 'machine-note' }, t('machineHelp'));
  const out = h('div', { class: 'machine-out' });
  const ask: HTMLButtonElement = h('button', { type: 'button', id: 'machine-ask', 'aria-describedby': 'machine-note', onclick: () => void load() }, t('machineAsk'));
  const load = async () => {
    ask.disabled = true;
    try {
      const { machineSuggestion: s } = await host.api.request<{ machineSuggestion: MachineSuggestion | null }>(HELP_Q.machine, { id: host.articleId, locale: host.locale });
      if (!s) {
        note.textContent = t('machineOff'); // stays disabled: nothing to ask for on this server
        return;
      }
      replace(out, suggestion(host, s));
    } catch (error) {
      host.fail(error);
    }
    ask.disabled = false;
  };
  return h('section', { class: 'pane machine', 'aria-labelledby': 'machine-title' }, h('h2', { id: 'machine-title' }, t('machine')), note, ask, out);
}

function suggestion(host: HelpHost, s: MachineSuggestion): HTMLElement {
  const mode = suggestionUse(host.reason, host.startStatus);
  const use =
    mode === 'replace'
      ? h('button', { type: 'button', id: 'machine-use', onclick: () => host.replaceDraft(s) }, t('machineReplace'))
      : h('button', { type: 'button', id: 'machine-use', 'aria-describedby': 'machine-approved', onclick: () => host.insertHtml(sanitizeHtml(s.bodyHtml ?? '')) }, t('machineInsert'));
  return h(
    'div',
    { class: 'suggestion', 'data-machine': s.provider },
    h('p', { class: 'badge machine-mark' }, t('machineMark', { provider: s.provider })),
    h('div', { lang: host.locale, dir: host.dir },
      h('h3', {}, s.title), s.summary ? h('p', { class: 'summary' }, s.summary) : null, h('div', { class: 'body' }, fragment(sanitizeHtml(s.bodyHtml ?? '')))),
    mode === 'insert' ? h('p', { class: 'help', id: 'machine-approved' }, t('machineApproved')) : null,
    use,
  );
}
