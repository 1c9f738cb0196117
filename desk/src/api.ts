import { createClient, type Client } from 'graphql-ws';

/** A GraphQL error as the API sends it: a translated message and a code (CONFLICT carries currentVersion). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extensions: Record<string, unknown>,
  ) {
    super(message);
  }
}

interface Answer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** The API at this page's own origin (the CSP allows nothing else), called with the translator's key. */
export class Api {
  private ws: Client | null = null;

  constructor(
    private readonly key: string,
    private readonly uiLanguage: () => string,
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.key}`, 'Accept-Language': this.uiLanguage() },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Answer<T>;
    if (body.errors?.length) {
      const [first] = body.errors;
      const code = first.extensions?.code;
      throw new ApiError(first.message, typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR', first.extensions ?? {});
    }
    return body.data as T;
  }

  /** Calls `onEvent` for each event of a subscription until the returned function is called. */
  subscribe<T>(query: string, variables: Record<string, unknown>, onEvent: (data: T) => void, onError: (e: unknown) => void): () => void {
    this.ws ??= createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      connectionParams: () => ({ Authorization: `Bearer ${this.key}`, locale: this.uiLanguage() }),
      retryAttempts: 20,
      shouldRetry: () => true,
    });
    return this.ws.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          if (value.data) onEvent(value.data);
        },
        error: onError,
        complete: () => undefined,
      },
    );
  }

  close(): void {
    void this.ws?.dispose();
    this.ws = null;
  }
}

export const TEXT = 'locale direction title summary bodyHtml version status';

export const Q = {
  start: `query { viewer { name role locales } locales { code name nativeName direction } sections { slug name } }`,
  coverage: `query($section: String) { translationCoverage(section: $section) { locale percent published total } }`,
  queue: `query($locale: String!, $section: String, $after: String) {
    translationQueue(locale: $locale, section: $section, first: 100, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { reason claimedBy claimExpiresAt status reviewComment article { id }
        source { ${TEXT} } translation { ${TEXT} }
        sourceChanges { title { kind text } summary { kind text } body { kind text } } } } } }`,
  review: `query($locale: String, $section: String) {
    reviewQueue(locale: $locale, section: $section, first: 100) {
      totalCount edges { node { locale reason article { id } source { ${TEXT} } translation { ${TEXT} translatedBy } } } } }`,
  claim: `mutation($id: ID!, $locale: String!) { claimTranslation(articleId: $id, locale: $locale) { ${TEXT} } }`,
  release: `mutation($id: ID!, $locale: String!) { releaseTranslation(articleId: $id, locale: $locale) }`,
  save: `mutation($id: ID!, $locale: String!, $input: TranslationInput!, $v: Int) {
    saveTranslation(articleId: $id, locale: $locale, input: $input, expectedVersion: $v) { ${TEXT} } }`,
  submit: `mutation($id: ID!, $locale: String!, $v: Int!) { submitTranslation(articleId: $id, locale: $locale, expectedVersion: $v) { ${TEXT} } }`,
  decide: `mutation($id: ID!, $locale: String!, $decision: ReviewDecision!, $comment: String) {
    reviewTranslation(articleId: $id, locale: $locale, decision: $decision, comment: $comment) { status } }`,
  glossary: `query($from: String, $to: String) { glossary(sourceLocale: $from, targetLocale: $to) { source target note } }`,
  changed: `subscription($locale: String!) { translationTaskChanged(locale: $locale) { change articleId locale by } }`,
  needed: `subscription($locale: String!) { translationNeeded(locale: $locale) { reason article { id } } }`,
};

export type Direction = 'LTR' | 'RTL';
export interface Text {
  locale: string;
  direction: Direction;
  title: string;
  summary: string | null;
  bodyHtml: string | null;
  version: number;
  status: string;
  translatedBy?: string | null;
}
export interface Change {
  kind: 'ADDED' | 'REMOVED' | 'UNCHANGED';
  text: string;
}
export interface Task {
  locale?: string;
  reason: 'MISSING' | 'STALE' | 'REJECTED';
  claimedBy: string | null;
  claimExpiresAt: string | null;
  status: string | null;
  reviewComment: string | null;
  article: { id: string };
  source: Text;
  translation: Text | null;
  sourceChanges: { title: Change[]; summary: Change[]; body: Change[] } | null;
}
export interface GlossaryTerm {
  source: string;
  target: string;
  note: string | null;
}
export interface Viewer {
  name: string;
  role: string;
  locales: string[];
}
export interface Locale {
  code: string;
  name: string;
  nativeName: string;
  direction: Direction;
}
export interface Coverage {
  locale: string;
  percent: number;
  published: number;
  total: number;
}
