import { ApiError, Q, type Api, type Change, type Locale, type Task, type Text } from './api';
import { fragment, h, replace } from './dom';
import { language, t } from './i18n';
import { glossaryPanel } from './glossary';
import { ChecksPanel, machinePanel, memoryPanel, type HelpHost, type MachineSuggestion } from './help-panels';
import { mayGoAhead } from './logic';
import { languageName } from './queue-view';
import { sanitizeHtml } from './sanitize';

const AUTOSAVE_MS = 1500;

export interface TaskContext {
  api: Api;
  locales: Locale[];
  locale: string;
  me: string;
  say: (message: string) => void;
  back: () => void;
  /** The task as the server has it now (after a conflict), or null when it is no longer a task. */
  reload: (articleId: string) => Promise<Task | null>;
}

const dirOf = (text: Pick<Text, 'direction'> | undefined, code: string, locales: Locale[]) =>
  (text?.direction ?? locales.find((l) => l.code === code)?.direction ?? 'LTR').toLowerCase();

function changes(list: Change[]): HTMLElement {
  return h(
    'p',
    {},
    ...list.map((c) =>
      c.kind === 'ADDED'
        ? h('ins', {}, h('span', { class: 'visually-hidden' }, `[${t('added')}] `), c.text)
        : c.kind === 'REMOVED'
          ? h('del', {}, h('span', { class: 'visually-hidden' }, `[${t('removed')}] `), c.text)
          : document.createTextNode(c.text),
    ),
  );
}

function textBlock(text: Pick<Text, 'title' | 'summary' | 'bodyHtml' | 'locale' | 'direction'>, headingId: string, heading: string): HTMLElement {
  return h(
    'section',
    { class: 'pane source', 'aria-labelledby': headingId, lang: text.locale, dir: text.direction.toLowerCase() },
    h('h2', { id: headingId, lang: language(), dir: 'auto' }, heading),
    h('h3', {}, text.title),
    text.summary ? h('p', { class: 'summary' }, text.summary) : null,
    h('div', { class: 'body' }, fragment(sanitizeHtml(text.bodyHtml ?? ''))),
  );
}

/** One task side by side: the source (and what changed in it), and the editor that keeps its markup. */
export class TaskView {
  readonly root: HTMLElement;
  private version: number | null;
  private claimed: boolean;
  private timer: number | undefined;
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;
  private inConflict = false;
  private readonly title: HTMLInputElement;
  private readonly summary: HTMLTextAreaElement;
  private readonly body: HTMLDivElement;
  private readonly conflictBox: HTMLElement;
  private readonly claimButton: HTMLButtonElement;
  private readonly help = h('div', { class: 'help-panels' });
  private readonly checks: ChecksPanel;
  /** Where the caret was in the editor when it lost focus: help is inserted there. */
  private caret: Range | null = null;

  constructor(
    private task: Task,
    private readonly ctx: TaskContext,
  ) {
    const start = task.translation ?? task.source;
    this.version = task.translation?.version ?? null;
    this.claimed = task.claimedBy === ctx.me;
    const dir = dirOf(task.translation ?? undefined, ctx.locale, ctx.locales);
    const edit = () => this.edited();
    this.title = h('input', { id: 'tr-title', type: 'text', lang: ctx.locale, dir, value: start.title, oninput: edit });
    this.summary = h('textarea', { id: 'tr-summary', rows: 2, lang: ctx.locale, dir, oninput: edit });
    this.summary.value = start.summary ?? '';
    this.body = h('div', {
      id: 'tr-body',
      class: 'editor',
      contenteditable: 'true',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-labelledby': 'tr-body-label',
      lang: ctx.locale,
      dir,
      tabindex: 0,
      oninput: edit,
      onblur: () => this.keepCaret(),
      onpaste: (e: Event) => this.paste(e as ClipboardEvent),
    });
    this.body.append(fragment(sanitizeHtml(start.bodyHtml ?? '')));
    this.conflictBox = h('div', { class: 'conflict', id: 'conflict', hidden: true });
    this.claimButton = h('button', { type: 'button', id: 'claim', onclick: () => void this.claim() }, t('claim'));
    this.claimButton.hidden = this.claimed;
    this.checks = new ChecksPanel(this.host(), () => void this.checkNow());
    const target = languageName(ctx.locales, ctx.locale);
    const diff = task.sourceChanges;
    this.root = h(
      'div',
      { class: 'task-view' },
      h('button', { type: 'button', class: 'back', onclick: () => void this.leave() }, t('back')),
      task.reviewComment ? h('p', { class: 'comment' }, t('reviewCommentFrom', { comment: task.reviewComment })) : null,
      h(
        'div',
        { class: 'side-by-side' },
        h(
          'div',
          {},
          textBlock(task.source, 'source-title', t('source', { language: languageName(ctx.locales, task.source.locale) })),
          diff
            ? h('section', { class: 'pane changes', 'aria-labelledby': 'changes-title', lang: task.source.locale, dir: task.source.direction.toLowerCase() },
                h('h2', { id: 'changes-title', lang: language(), dir: 'auto' }, t('changes')),
                changes(diff.title), diff.summary.length ? changes(diff.summary) : null, changes(diff.body))
            : null,
          this.help,
        ),
        h(
          'section',
          { class: 'pane target', 'aria-labelledby': 'target-title' },
          h('h2', { id: 'target-title' }, t('translation', { language: target })),
          h('label', { for: 'tr-title' }, t('fieldTitle')),
          this.title,
          h('label', { for: 'tr-summary' }, t('fieldSummary')),
          this.summary,
          h('span', { id: 'tr-body-label', class: 'label' }, t('fieldBody')),
          this.body,
          this.conflictBox,
          this.checks.root,
          h(
            'div',
            { class: 'actions' },
            this.claimButton,
            h('button', { type: 'button', id: 'save', onclick: () => void this.saveNow() }, t('saveNow')),
            h('button', { type: 'button', id: 'submit', class: 'primary', onclick: () => void this.submit() }, t('submit')),
            h('button', { type: 'button', id: 'release', onclick: () => void this.release() }, t('release')),
          ),
        ),
      ),
    );
  }

  /** Help beside the editor, loaded after the view shows: translation memory, the glossary terms the source uses, machine suggestion on request. */
  loadHelp(): void {
    const host = this.host();
    const memory = h('div', {});
    const glossary = h('div', {});
    this.help.append(memory, glossary, machinePanel(host));
    memoryPanel(host).then((panel) => memory.replaceWith(panel), (error: unknown) => this.fail(error));
    glossaryPanel(this.ctx.api, this.task.source, this.ctx.locale, host.dir).then(
      (panel) => (panel ? glossary.replaceWith(panel) : glossary.remove()),
      (error: unknown) => this.fail(error),
    );
  }

  private host(): HelpHost {
    return {
      api: this.ctx.api,
      articleId: this.task.article.id,
      locale: this.ctx.locale,
      sourceLocale: this.task.source.locale,
      sourceDir: this.task.source.direction.toLowerCase(),
      dir: dirOf(this.task.translation ?? undefined, this.ctx.locale, this.ctx.locales),
      reason: this.task.reason,
      startStatus: this.task.translation?.status ?? null,
      insertText: (text) => this.insert('insertText', text),
      insertHtml: (html) => this.insert('insertHTML', html),
      replaceDraft: (s) => this.replaceDraft(s),
      say: this.ctx.say,
      fail: (error) => this.fail(error),
    };
  }

  private keepCaret(): void {
    const selection = document.getSelection();
    const range = selection?.rangeCount ? selection.getRangeAt(0) : null;
    this.caret = range && this.body.contains(range.commonAncestorContainer) ? range.cloneRange() : null;
  }

  /** Inserts at the caret the editor last had (else at the end); the input event that follows saves the draft. */
  private insert(command: 'insertText' | 'insertHTML', value: string): void {
    this.body.focus();
    const selection = document.getSelection()!;
    let range = this.caret;
    if (!range) {
      range = document.createRange();
      range.selectNodeContents(this.body.lastElementChild ?? this.body);
      range.collapse(false);
    }
    selection.removeAllRanges();
    selection.addRange(range);
    document.execCommand(command, false, value);
    this.keepCaret();
  }

  /** The translator chose the machine's draft (never offered over approved text). */
  private replaceDraft(s: MachineSuggestion): void {
    this.title.value = s.title;
    this.summary.value = s.summary ?? '';
    this.body.replaceChildren(fragment(sanitizeHtml(s.bodyHtml ?? '')));
    this.caret = null;
    this.edited();
    this.title.focus();
  }

  /** Saves what was typed, then lists the server's warnings about it. */
  private async checkNow(): Promise<number> {
    if (this.dirty || this.version === null) await this.saveNow();
    if (this.inConflict || this.version === null) return 0;
    const version = this.version;
    let found = 0;
    await this.run(async () => {
      this.ctx.say(t('checking'));
      found = await this.checks.run(version);
      this.ctx.say(found ? t('checksFound', { count: found }) : t('checksNone'));
    });
    return found;
  }

  get articleId(): string {
    return this.task.article.id;
  }

  private current() {
    return { title: this.title.value, summary: this.summary.value.trim() || null, bodyHtml: sanitizeHtml(this.body.innerHTML) };
  }

  private edited(): void {
    this.dirty = true;
    window.clearTimeout(this.timer);
    if (this.inConflict) return; // nothing is saved over the other version until the translator chooses
    this.timer = window.setTimeout(() => void this.saveNow(), AUTOSAVE_MS);
  }

  /** Pasted text goes through the same sanitiser: markup kept, anything else reduced to text. */
  private paste(e: ClipboardEvent): void {
    const html = e.clipboardData?.getData('text/html');
    const text = e.clipboardData?.getData('text/plain') ?? '';
    e.preventDefault();
    const clean = html ? sanitizeHtml(html) : sanitizeHtml(text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!));
    document.execCommand('insertHTML', false, clean);
  }

  async claim(): Promise<void> {
    await this.run(async () => {
      const text = (await this.ctx.api.request<{ claimTranslation: Text }>(Q.claim, { id: this.articleId, locale: this.ctx.locale })).claimTranslation;
      this.claimed = true;
      this.claimButton.hidden = true;
      this.version = text.version;
      this.ctx.say(t('saved', { version: text.version }));
    });
  }

  async saveNow(): Promise<void> {
    window.clearTimeout(this.timer);
    this.saving = this.saving.then(() => this.save());
    await this.saving;
  }

  private async save(): Promise<void> {
    if (this.inConflict) return;
    this.ctx.say(t('saving'));
    const input = this.current();
    try {
      const saved = (await this.ctx.api.request<{ saveTranslation: Text }>(Q.save, { id: this.articleId, locale: this.ctx.locale, input, v: this.version }))
        .saveTranslation;
      this.version = saved.version;
      this.claimed = true;
      this.claimButton.hidden = true;
      this.dirty = false;
      this.ctx.say(t('saved', { version: saved.version }));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CONFLICT' && typeof error.extensions.currentVersion === 'number') {
        await this.conflict(error.extensions.currentVersion);
      } else this.fail(error);
    }
  }

  /** Someone (another tab, another device) saved first: show both texts and let the translator choose. */
  private async conflict(currentVersion: number): Promise<void> {
    this.inConflict = true;
    const fresh = await this.ctx.reload(this.articleId);
    const theirs = fresh?.translation ?? null;
    const mine = this.current();
    const dir = dirOf(theirs ?? undefined, this.ctx.locale, this.ctx.locales);
    const keep = h('button', { type: 'button', id: 'keep-mine', class: 'primary', onclick: () => void this.resolve(currentVersion, null) }, t('keepMine'));
    const take = h('button', { type: 'button', id: 'use-saved', onclick: () => void this.resolve(currentVersion, theirs) }, t('useSaved'));
    replace(
      this.conflictBox,
      h('h3', { id: 'conflict-title' }, t('conflictTitle', { version: currentVersion })),
      h('p', {}, t('conflictHelp')),
      h(
        'div',
        { class: 'conflict-texts' },
        h('section', { 'aria-label': t('yourText'), lang: this.ctx.locale, dir },
          h('h4', {}, t('yourText')), h('p', { class: 'ct-title' }, mine.title), h('div', {}, fragment(mine.bodyHtml))),
        h('section', { 'aria-label': t('savedText'), lang: this.ctx.locale, dir, id: 'saved-text' },
          h('h4', {}, t('savedText')), h('p', { class: 'ct-title' }, theirs?.title ?? ''), h('div', {}, fragment(sanitizeHtml(theirs?.bodyHtml ?? '')))),
      ),
      h('div', { class: 'actions' }, keep, take),
    );
    this.conflictBox.setAttribute('role', 'alert');
    this.conflictBox.hidden = false;
    this.ctx.say(t('conflictTitle', { version: currentVersion }));
    keep.focus();
  }

  private async resolve(version: number, theirs: Text | null): Promise<void> {
    this.inConflict = false;
    this.conflictBox.hidden = true;
    this.conflictBox.removeAttribute('role');
    this.version = version;
    if (theirs) {
      this.title.value = theirs.title;
      this.summary.value = theirs.summary ?? '';
      this.body.replaceChildren(fragment(sanitizeHtml(theirs.bodyHtml ?? '')));
      this.dirty = false;
      this.ctx.say(t('saved', { version }));
    } else await this.saveNow();
    this.title.focus();
  }

  /** Warnings, not blocks: the first submit of a version with warnings lists them; the next one sends it. */
  async submit(): Promise<void> {
    if (this.dirty || this.version === null) await this.saveNow();
    if (this.inConflict || this.version === null) return;
    const before = this.checks.shownFor;
    const warnings = before === this.version ? this.checks.count : await this.checkNow();
    if (!mayGoAhead(before, this.version, warnings)) {
      this.ctx.say(t('checksFirst'));
      this.checks.focus();
      return;
    }
    await this.run(async () => {
      await this.ctx.api.request(Q.submit, { id: this.articleId, locale: this.ctx.locale, v: this.version });
      this.ctx.say(t('submitted'));
      this.ctx.back();
    });
  }

  async release(): Promise<void> {
    await this.run(async () => {
      if (this.dirty) await this.saveNow();
      await this.ctx.api.request(Q.release, { id: this.articleId, locale: this.ctx.locale });
      this.ctx.back();
    });
  }

  /** Back to the list, saving first what was typed since the last save. */
  async leave(): Promise<void> {
    if (this.dirty && !this.inConflict) await this.saveNow();
    this.ctx.back();
  }

  dispose(): void {
    window.clearTimeout(this.timer);
  }

  private async run(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.ctx.say(t('error', { message: error instanceof Error ? error.message : String(error) }));
  }
}
