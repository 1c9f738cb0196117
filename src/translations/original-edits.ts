import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ArticleEntity, ArticleEvents, TranslationModel, TranslationRepository, TranslationWriter } from '../articles';
import { conflict, forbidden, notFound } from '../common/errors';
import { canWriteSection, type Principal } from '../common/principal';
import { TranslationInput } from './dto/translation.input';
import { TranslationDeskRepository } from './translation-desk.repository';
import { TranslationJournal } from './translation-journal';
import { inDeskTransaction, WorkCopies } from './work-copy';

/** Saving on the original's locale: an edit of the original itself, published at once as a new source revision. */
@Injectable()
export class OriginalEdits {
  constructor(
    private readonly dataSource: DataSource,
    private readonly desk: TranslationDeskRepository,
    private readonly work: WorkCopies,
    private readonly journal: TranslationJournal,
    private readonly writer: TranslationWriter,
    private readonly translations: TranslationRepository,
    private readonly events: ArticleEvents,
  ) {}

  /** An edit of the original: EDITOR/ADMIN or the section's PUBLISHER; a new source revision when the text changed. */
  async edit(
    article: ArticleEntity,
    input: TranslationInput,
    expectedVersion: number | null | undefined,
    principal: Principal,
  ): Promise<TranslationModel> {
    if (!canWriteSection(principal, article.sectionId)) throw forbidden('translations:errors.originalEditors');
    const text = await this.work.cleanInput(input, article);
    let changed = false;
    const model = await inDeskTransaction(this.dataSource, this.events, article.id, async (m, publish) => {
      const locked = (await this.writer.lockArticleForUpdate(m, article.id))!;
      const row = await this.writer.lockTranslation(m, article.id, article.originalLocale);
      if (!row) throw notFound('errors:article.notFound', { id: article.id });
      if (expectedVersion === null || expectedVersion === undefined) {
        throw conflict('translations:errors.versionRequired', { current: row.version }, { currentVersion: row.version });
      }
      if (expectedVersion !== row.version) throw this.work.versionConflict(expectedVersion, row.version);
      changed = row.title !== text.title || row.summary !== text.summary || row.bodyHtml !== text.bodyHtml;
      const revision = changed ? await this.writer.bumpSourceRevision(m, article.id) : locked.sourceRevision;
      const slug = text.slug && text.slug !== row.slug ? await this.translations.freeSlug(m, row, text.slug) : undefined;
      const updated = await this.writer.update(m, row.id, expectedVersion, {
        title: text.title,
        summary: text.summary,
        bodyHtml: text.bodyHtml,
        slug,
        status: 'PUBLISHED',
        sourceRevision: revision,
      });
      if (!updated) throw this.work.versionConflict(expectedVersion, row.version);
      // Readers see the edit at once: the original's locale is published anew (a save that changed nothing is not).
      if (changed || slug) publish({ articleId: article.id, locale: row.locale, sectionId: article.sectionId });
      await this.journal.record(m, {
        articleId: article.id,
        locale: row.locale,
        action: 'EDIT_ORIGINAL',
        from: 'PUBLISHED',
        to: 'PUBLISHED',
        actor: principal,
        comment: changed ? `revision ${revision}` : null,
      });
      return this.work.model(updated, { ...locked, sourceRevision: revision });
    });
    if (changed) await this.journal.originalChanged(article.id);
    return model;
  }
}
