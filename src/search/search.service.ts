import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ArticleRepository, type ArticleView } from '../articles';
import { searchQueryText } from '../common/search-text';
import { isUuid } from '../common/text';
import { ConnectionShape, toConnection } from '../common/connection';
import { CursorCodec, pageSize } from '../common/cursor';
import { badInput } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { SectionsService } from '../sections';
import { SearchArgs } from './dto/search.args';
import { SearchHitModel } from './models/search-hit.model';
import { SearchFilter, SearchPosition, SearchRepository, SearchRow } from './search.repository';
import { cjkSnippet, hasMark, headlineToHtml } from './snippet';
import { ReadCache } from '../redis/read-cache';

export const MAX_QUERY_LENGTH = 200;

/** Full-text search over published translations, in one language or in all of them. */
@Injectable()
export class SearchService {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly search: SearchRepository,
    private readonly articles: ArticleRepository,
    private readonly sections: SectionsService,
    config: AppConfig,
    private readonly readCache: ReadCache,
  ) {
    this.cursors = new CursorCodec(config.cursorSecret);
  }

  /**
   * `locale` is the normalised locale argument, or null to search every language. The hits' articles are
   * brief unless `detail` (the request selects one of ARTICLE_DETAIL_FIELDS).
   */
  async find(args: SearchArgs, locale: string | null, detail = true): Promise<ConnectionShape<SearchHitModel>> {
    const query = args.query.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (!query) throw badInput('search:errors.emptyQuery');
    if ([...query].length > MAX_QUERY_LENGTH) throw badInput('search:errors.queryTooLong', { max: MAX_QUERY_LENGTH });
    const size = pageSize(args.first);
    const sectionId = args.section ? (await this.sections.require(args.section)).id : null;
    // A cursor belongs to one search: the same words, language and section.
    const fingerprint = createHash('sha256').update(JSON.stringify([query, locale, sectionId])).digest('base64url').slice(0, 16);
    const position = args.after ? this.decodeCursor(args.after, fingerprint) : null;

    // Folded like the indexed text (src/common/search-text.ts): variants of a letter find each other.
    const folded = searchQueryText(query);
    const { tsquery, nodes } = await this.search.queryFor(locale, folded);
    if (nodes === 0) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
    const filter: SearchFilter = { tsquery, locale, sectionId };
    const rows = await this.search.page(filter, position, size + 1);
    const totalCount = () => this.readCache.count(['articles'], `search:count:${JSON.stringify(filter)}`, () => this.search.count(filter));
    const articles = new Map((await this.articles.readByIds([...new Set(rows.map((r) => r.articleId))], detail)).map((a) => [a.id, a]));
    const hits = rows
      .filter((row) => articles.has(row.articleId))
      .map((row) => ({ row, hit: this.toHit(row, articles.get(row.articleId)!, folded) }));
    const connection = toConnection(hits, size, totalCount, ({ row }) =>
      this.cursors.encode('search', [row.score, row.translationId, fingerprint]),
    );
    return { ...connection, edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: edge.node.hit })) };
  }

  private toHit(row: SearchRow, article: ArticleView, query: string): SearchHitModel {
    return {
      // The article's `translation` field then defaults to the language that matched.
      article: { ...article, view: { locale: row.locale, fallback: true } },
      locale: row.locale,
      score: row.score,
      snippet: snippetOf(row, query),
    };
  }

  private decodeCursor(cursor: string, fingerprint: string): SearchPosition {
    const isSearchPosition = ([score, id, print, ...rest]: unknown[]) =>
      typeof score === 'number' && Number.isFinite(score) && typeof id === 'string' && isUuid(id) && print === fingerprint && !rest.length;
    const [score, id] = this.cursors.decode('search', cursor, isSearchPosition);
    return [score as number, id as string];
  }
}

/** The marked passage: from the body when it matched there, else from the title. */
export function snippetOf(row: Pick<SearchRow, 'cjk' | 'bodyHeadline' | 'titleHeadline' | 'plainText'>, query: string): string {
  if (row.cjk) return cjkSnippet(row.plainText ?? '', query);
  const body = row.bodyHeadline ?? '';
  const title = row.titleHeadline ?? '';
  if (hasMark(body) || !hasMark(title)) {
    const html = headlineToHtml(body);
    if (html) return html;
  }
  return headlineToHtml(title);
}
