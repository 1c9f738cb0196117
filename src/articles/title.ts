import { badInput } from '../common/errors';
import { cleanText } from '../common/text';

/** The longest title any writer stores, in characters (feeds cut theirs to it, people get an error). */
export const TITLE_MAX = 500;

/** Title rule shared by every write by a person: NFC, trimmed, 1 to 500 characters. */
export function cleanTitle(title: string): string {
  const cleaned = cleanText(title);
  if (cleaned.length < 1) throw badInput('errors:article.titleEmpty');
  if ([...cleaned].length > TITLE_MAX) throw badInput('errors:article.titleTooLong', { max: TITLE_MAX });
  return cleaned;
}
