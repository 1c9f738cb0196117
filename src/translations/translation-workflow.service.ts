import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ArticleEvents, ArticleRepository, TranslationModel } from '../articles';
import { badInput, conflict, forbidden, notFound, unauthenticated } from '../common/errors';
import type { Principal } from '../common/principal';
import { cleanOptionalText, isUuid } from '../common/text';
import { AppConfig } from '../config/app-config';
import { OriginalEdits } from './original-edits';
import { ReviewDecision, TranslationInput } from './dto/translation.input';
import { TranslationDeskRepository } from './translation-desk.repository';
import { TranslationJournal } from './translation-journal';
import { transition } from './transitions';
import { translatorIn } from './translator-scope';
import { inDeskTransaction, WorkCopies } from './work-copy';
import { TranslationMemory } from './help/translation-memory';

export const COMMENT_MAX = 2000;

/** The desk's workflow for one (article, locale): claim, release, save, submit and review. */
@Injectable()
export class TranslationWorkflow {
  constructor(
    private readonly dataSource: DataSource,
    private readonly desk: TranslationDeskRepository,
    private readonly work: WorkCopies,
    private readonly journal: TranslationJournal,
    private readonly originals: OriginalEdits,
    private readonly articleRepository: ArticleRepository,
    private readonly config: AppConfig,
    private readonly events: ArticleEvents,
    private readonly memory: TranslationMemory,
  ) {}

  /** Reserves the task for the caller (or renews the caller's claim) and starts the work copy. */
  async claim(articleId: string, locale: string, principal: Principal | null): Promise<TranslationModel> {
    const actor = translatorIn(principal, locale);
    let fresh = false;
    const claimed = await inDeskTransaction(this.dataSource, this.events, articleId, async (m) => {
      const s = await this.work.loadState(m, articleId, locale);
      if (s.row?.isOriginal) throw badInput('translations:errors.originalNotATask', { locale });
      const to = transition(s.state, 'CLAIM');
      fresh = await this.takeClaim(m, articleId, locale, actor);
      const model =
        s.state === 'NONE' || s.state === 'PUBLISHED'
          ? await this.work.startWork(m, s, locale, actor, null)
          : s.state === 'IN_PROGRESS'
            ? this.work.workModel(s)
            : await this.work.moveWork(m, s, to, actor);
      await this.journal.record(m, { articleId, locale, action: 'CLAIM', from: s.state, to, actor });
      return model;
    });
    if (fresh) await this.journal.changed('CLAIMED', articleId, locale, actor);
    return claimed;
  }

  /** Frees the task before the claim expires: the claimer, or an editor for anyone's claim. */
  async release(articleId: string, locale: string, principal: Principal | null): Promise<boolean> {
    const actor = translatorIn(principal, locale);
    const staff = actor.role === 'EDITOR' || actor.role === 'ADMIN';
    const released = await this.dataSource.transaction(async (m) => {
      // Same lock order as every other operation: article, translation, draft, then the claim.
      const s = await this.work.loadState(m, articleId, locale);
      const released = await this.desk.release(m, articleId, locale, actor.keyId, staff);
      if (!released) {
        const other = await this.desk.liveClaim(m, articleId, locale);
        if (other && other.keyId !== actor.keyId) throw this.claimedBy(other);
        return false;
      }
      await this.journal.record(m, { articleId, locale, action: 'RELEASE', from: s.state, to: s.state, actor });
      return true;
    });
    if (released) await this.journal.changed('RELEASED', articleId, locale, actor);
    return released;
  }

  /**
   * Saves the caller's text. On a translation: a draft (IN_PROGRESS) checked against `expectedVersion`,
   * claiming the task for the caller when it is free. On the original's locale: an edit of the original
   * (EDITOR or the section's PUBLISHER), published at once as a new source revision.
   */
  async save(
    articleId: string,
    locale: string,
    input: TranslationInput,
    expectedVersion: number | null | undefined,
    principal: Principal | null,
  ): Promise<TranslationModel> {
    if (!principal) throw unauthenticated();
    if (!isUuid(articleId)) throw badInput('errors:article.badId', { id: articleId });
    const original = await this.articleRepository.findById(articleId);
    if (!original) throw notFound('errors:article.notFound', { id: articleId });
    if (original.originalLocale === locale) return this.originals.edit(original, input, expectedVersion, principal);

    const actor = translatorIn(principal, locale);
    const text = await this.work.cleanInput(input, original);
    let fresh = false;
    const saved = await inDeskTransaction(this.dataSource, this.events, articleId, async (m) => {
      const s = await this.work.loadState(m, articleId, locale);
      if (s.row?.isOriginal) throw badInput('translations:errors.originalNotATask', { locale });
      const to = transition(s.state, 'SAVE');
      fresh = await this.takeClaim(m, articleId, locale, actor);
      this.work.checkVersion(s, expectedVersion);
      const model =
        s.state === 'NONE' || (s.state === 'PUBLISHED' && !s.draft)
          ? await this.work.startWork(m, s, locale, actor, text)
          : await this.work.writeWork(m, s, expectedVersion as number, to, actor, text);
      await this.journal.record(m, { articleId, locale, action: 'SAVE', from: s.state, to, actor });
      return model;
    });
    // Saving a free task claims it: other desks hear it as a claim.
    if (fresh) await this.journal.changed('CLAIMED', articleId, locale, actor);
    return saved;
  }

  /** Sends the work for review. */
  async submit(articleId: string, locale: string, expectedVersion: number, principal: Principal | null): Promise<TranslationModel> {
    const actor = translatorIn(principal, locale);
    const submitted = await inDeskTransaction(this.dataSource, this.events, articleId, async (m) => {
      const s = await this.work.loadState(m, articleId, locale);
      if (s.row?.isOriginal) throw badInput('translations:errors.originalNotATask', { locale });
      const to = transition(s.state, 'SUBMIT');
      await this.takeClaim(m, articleId, locale, actor);
      this.work.checkVersion(s, expectedVersion);
      const model = await this.work.writeWork(m, s, expectedVersion, to, actor, null);
      await this.journal.record(m, { articleId, locale, action: 'SUBMIT', from: s.state, to, actor });
      return model;
    });
    await this.journal.changed('SUBMITTED', articleId, locale, actor, submitted.version);
    return submitted;
  }

  /** An editor's decision: APPROVE publishes the submitted text, REJECT sends it back with the comment. */
  async review(
    articleId: string,
    locale: string,
    decision: ReviewDecision,
    comment: string | null | undefined,
    principal: Principal | null,
  ): Promise<TranslationModel> {
    if (!principal) throw unauthenticated();
    const note = cleanOptionalText(comment);
    if (note && [...note].length > COMMENT_MAX) throw badInput('translations:errors.commentTooLong', { max: COMMENT_MAX });
    const model = await inDeskTransaction(this.dataSource, this.events, articleId, async (m, publish) => {
      const s = await this.work.loadState(m, articleId, locale);
      if (s.row?.isOriginal) throw badInput('translations:errors.originalNotATask', { locale });
      const to = transition(s.state, decision);
      if (decision === ReviewDecision.APPROVE && (await this.desk.authorsSinceLastPublication(m, articleId, locale)).has(principal.keyId)) {
        throw forbidden('translations:errors.ownTranslation');
      }
      let result: TranslationModel;
      if (decision === ReviewDecision.APPROVE) {
        result = await this.work.publishWork(m, s);
        // The published text joins the translation memory in the same transaction.
        await this.memory.rememberPublished(m, articleId, locale);
        await this.desk.deleteClaim(m, articleId, locale);
        publish({ articleId, locale, sectionId: s.article.sectionId });
      } else {
        result = await this.work.writeWork(m, s, this.work.workVersion(s), to, null, null);
      }
      await this.journal.record(m, { articleId, locale, action: decision, from: s.state, to, actor: principal, comment: note });
      return result;
    });
    await this.journal.changed(decision === ReviewDecision.APPROVE ? 'PUBLISHED' : 'REJECTED', articleId, locale, principal, model.version);
    return model;
  }

  /** Takes or renews the claim for `actor` (true when newly taken); CONFLICT naming the claimer when someone else holds it. */
  private async takeClaim(m: EntityManager, articleId: string, locale: string, actor: Principal): Promise<boolean> {
    const attempt = await this.desk.claim(m, articleId, locale, actor.keyId, actor.name, this.config.translationClaimHours);
    if (!attempt.won && attempt.claim) throw this.claimedBy(attempt.claim);
    return attempt.fresh ?? false;
  }

  private claimedBy(claim: { claimerName: string; expiresAt: Date }) {
    return conflict(
      'translations:errors.claimed',
      { name: claim.claimerName, until: new Date(claim.expiresAt) },
      { claimedBy: claim.claimerName, claimExpiresAt: new Date(claim.expiresAt).toISOString() },
    );
  }
}
