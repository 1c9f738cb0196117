import { Injectable } from '@nestjs/common';
import { badInput } from '../common/errors';
import { cleanOptionalText, cleanText, isUuid } from '../common/text';
import { LocaleRegistry } from '../i18n/locale-registry';
import { GlossaryTermEntity } from './glossary-term.entity';
import { GlossaryRepository } from './glossary.repository';

export const GLOSSARY_TERM_MAX = 200;
export const GLOSSARY_NOTE_MAX = 1000;

export interface GlossaryTermRequest {
  sourceLocale: string;
  targetLocale: string;
  source: string;
  target: string;
  note?: string | null;
}

/** Protected terms per locale pair: editors manage them, the desk shows and checks them. */
@Injectable()
export class GlossaryService {
  constructor(
    private readonly terms: GlossaryRepository,
    private readonly locales: LocaleRegistry,
  ) {}

  list(sourceLocale?: string | null, targetLocale?: string | null): Promise<GlossaryTermEntity[]> {
    return this.terms.list(sourceLocale ? this.locales.require(sourceLocale) : null, targetLocale ? this.locales.require(targetLocale) : null);
  }

  /** The terms the checks and the editor use for one pair. */
  forPair(sourceLocale: string, targetLocale: string): Promise<GlossaryTermEntity[]> {
    return this.terms.list(sourceLocale, targetLocale);
  }

  upsert(input: GlossaryTermRequest): Promise<GlossaryTermEntity> {
    const sourceLocale = this.locales.require(input.sourceLocale);
    const targetLocale = this.locales.require(input.targetLocale);
    if (sourceLocale === targetLocale) throw badInput('help:glossary.samePair', { locale: sourceLocale });
    const source = cleanText(input.source);
    const target = cleanText(input.target);
    if (!source || !target) throw badInput('help:glossary.termRequired');
    if ([...source].length > GLOSSARY_TERM_MAX || [...target].length > GLOSSARY_TERM_MAX) throw badInput('help:glossary.termTooLong', { max: GLOSSARY_TERM_MAX });
    const note = cleanOptionalText(input.note);
    if (note && [...note].length > GLOSSARY_NOTE_MAX) throw badInput('help:glossary.noteTooLong', { max: GLOSSARY_NOTE_MAX });
    return this.terms.upsert({ sourceLocale, targetLocale, source, target, note });
  }

  /** False when there was no such term (a malformed id is no term either). */
  delete(id: string): Promise<boolean> {
    return isUuid(id) ? this.terms.delete(id) : Promise.resolve(false);
  }
}
