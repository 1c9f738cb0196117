import { AuthService } from '../../src/auth/auth.service';
import { makeArticle, makeSection, unique } from '../support/factories';
import type { TestApp } from '../support/test-app';

/** A key with a chosen display name (the name is what other translators see of a claimer). */
export async function keyNamed(
  t: TestApp,
  role: 'ADMIN' | 'EDITOR' | 'TRANSLATOR' | 'PUBLISHER',
  name: string,
  extra: { locales?: string[]; section?: string; email?: string; locale?: string } = {},
): Promise<string> {
  return (await t.app.get(AuthService).createKey({ role, name, ...extra })).key;
}

export const TRANSLATION_FIELDS = 'locale direction title summary bodyHtml slug status isOriginal isStale version translatedBy';

export const CLAIM = `mutation($id: ID!, $locale: String!) { claimTranslation(articleId: $id, locale: $locale) { ${TRANSLATION_FIELDS} } }`;
export const RELEASE = `mutation($id: ID!, $locale: String!) { releaseTranslation(articleId: $id, locale: $locale) }`;
export const SAVE = `mutation($id: ID!, $locale: String!, $input: TranslationInput!, $v: Int) {
  saveTranslation(articleId: $id, locale: $locale, input: $input, expectedVersion: $v) { ${TRANSLATION_FIELDS} } }`;
export const SUBMIT = `mutation($id: ID!, $locale: String!, $v: Int!) {
  submitTranslation(articleId: $id, locale: $locale, expectedVersion: $v) { ${TRANSLATION_FIELDS} } }`;
export const REVIEW = `mutation($id: ID!, $locale: String!, $decision: ReviewDecision!, $comment: String) {
  reviewTranslation(articleId: $id, locale: $locale, decision: $decision, comment: $comment) { ${TRANSLATION_FIELDS} } }`;
export const QUEUE = `query($locale: String!, $section: String, $first: Int, $after: String) {
  translationQueue(locale: $locale, section: $section, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node {
      locale reason claimedBy claimExpiresAt status reviewComment
      article { id originalLocale }
      source { locale title isOriginal }
      translation { status version title isStale }
      sourceChanges { fromRevision toRevision title { kind text } summary { kind text } body { kind text } }
    } }
  } }`;
export const HISTORY = `query($id: ID!, $locale: String!) { translationHistory(articleId: $id, locale: $locale) { action fromStatus toStatus actor comment at } }`;
export const READ = `query($id: ID!, $locale: String!) {
  article(id: $id) { translation(locale: $locale, fallback: false) { locale title status isStale version direction } availableLocales } }`;

export { makeArticle, makeSection, unique };
