import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ArticleRepository, type ArticleEntity, type ArticleView, type TranslationEntity, TranslationRepository } from '../../articles';
import { badInput, DomainError, notFound } from '../../common/errors';
import { sanitizeBodyHtml } from '../../common/html';
import type { Principal } from '../../common/principal';
import { segmentsOf, type TextParts } from '../../common/segments';
import { cleanText, isUuid } from '../../common/text';
import { GlossaryService } from '../../glossary';
import { Translator } from '../../i18n/translator';
import { TranslationQueueRepository } from '../translation-queue.repository';
import { translatorIn } from '../translator-scope';
import { sourceOf } from '../work-copy';
import { type CheckFinding, runChecks } from './checks';
import { CheckSeverity, type MachineSuggestionModel, type MemoryMatchModel, type TranslationCheckModel } from './help.models';
import { MACHINE_TRANSLATOR, type MachineTranslator } from './machine-translation';
import { MEMORY_MAX_LIMIT, TranslationMemory } from './translation-memory';

interface HelpTask {
  article: ArticleEntity;
  source: TranslationEntity | null;
  /** The text in the locale: the draft of a revision, else its translations row; null before work starts. */
  work: TextParts | null;
}

/** The translator's help beside the editor: memory, checks and machine suggestions. Reads only. */
@Injectable()
export class TranslationHelpService {
  private readonly logger = new Logger('TranslationHelp');

  constructor(
    private readonly articles: ArticleRepository,
    private readonly translations: TranslationRepository,
    private readonly queue: TranslationQueueRepository,
    private readonly glossary: GlossaryService,
    private readonly translator: Translator,
    private readonly memory: TranslationMemory,
    @Optional() @Inject(MACHINE_TRANSLATOR) private readonly machine: MachineTranslator | null,
  ) {}

  /** Earlier published translations of segments like `text` (or like every segment of the source). */
  async memoryFor(articleId: string, locale: string, text: string | null | undefined, limit: number, principal: Principal | null): Promise<MemoryMatchModel[]> {
    translatorIn(principal, locale);
    const task = await this.load(articleId, locale);
    if (!task.source || task.source.locale === locale) return [];
    const segments = text != null ? [cleanText(text)].filter(Boolean) : segmentsOf(task.source);
    const rows = await this.memory.closest(task.source.locale, locale, segments, Math.min(Math.max(limit, 1), MEMORY_MAX_LIMIT));
    const articles = new Map((await this.articles.findByIds([...new Set(rows.map((r) => r.articleId))])).map((a) => [a.id, a]));
    return rows.flatMap(({ articleId: id, ...row }) => {
      const article = articles.get(id);
      const view: ArticleView | null = article ? { ...article, view: { locale, fallback: true } } : null;
      return view ? [{ ...row, article: view }] : [];
    });
  }

  /** Warnings about the work in `locale` against its source, in `language`. */
  async checks(articleId: string, locale: string, principal: Principal | null, language: string): Promise<TranslationCheckModel[]> {
    translatorIn(principal, locale);
    const task = await this.load(articleId, locale);
    if (!task.source) return [];
    const findings: CheckFinding[] = task.work
      ? runChecks(task.source, task.work, { source: task.source.locale, target: locale }, await this.glossary.forPair(task.source.locale, locale))
      : [{ code: 'NOT_STARTED', severity: 'WARNING', params: {} }];
    return findings.map((f) => ({ code: f.code, severity: CheckSeverity[f.severity], message: this.message(language, f) }));
  }

  /** The source machine-translated into `locale`, or null when no machine translation is configured. Never saved. */
  async suggestion(articleId: string, locale: string, principal: Principal | null): Promise<MachineSuggestionModel | null> {
    translatorIn(principal, locale);
    const task = await this.load(articleId, locale);
    if (!this.machine || !task.source) return null;
    const { source } = task;
    if (source.locale === locale) throw badInput('help:machine.sameLanguage', { locale });
    try {
      const [title, summary] = await this.machine.translate([source.title, source.summary ?? ''], source.locale, locale, 'text');
      const [body] = source.bodyHtml ? await this.machine.translate([source.bodyHtml], source.locale, locale, 'html') : [null];
      // The machine's HTML passes the same allow-list as a translator's.
      const bodyHtml = body ? sanitizeBodyHtml(body, task.article.canonicalUrl) || null : null;
      return { provider: this.machine.name, title: cleanText(title), summary: source.summary ? cleanText(summary) || null : null, bodyHtml };
    } catch (error) {
      const errorId = randomUUID();
      this.logger.warn(`machine translation ${source.locale}->${locale} failed (${errorId}): ${error instanceof Error ? error.message : String(error)}`);
      throw new DomainError('SERVICE_UNAVAILABLE', 'help:machine.unavailable', { errorId }, { errorId });
    }
  }

  private message(language: string, f: CheckFinding): string {
    const params = f.code === 'MARKUP_CHANGED' ? { ...f.params, what: this.translator.t(language, `help:checks.markup.${String(f.params.tag)}`) } : f.params;
    return this.translator.t(language, `help:checks.${f.code}`, params);
  }

  private async load(articleId: string, locale: string): Promise<HelpTask> {
    const article = isUuid(articleId) ? await this.articles.findById(articleId) : null;
    if (!article) throw notFound('errors:article.notFound', { id: articleId });
    const list = await this.translations.findByArticleIds([article.id]);
    const row = list.find((t) => t.locale === locale) ?? null;
    if (row?.isOriginal) throw badInput('translations:errors.originalNotATask', { locale });
    const draft = (await this.queue.drafts(locale, [article.id])).get(article.id) ?? null;
    const work = draft ?? row;
    return { article, source: sourceOf(list, locale), work };
  }
}
