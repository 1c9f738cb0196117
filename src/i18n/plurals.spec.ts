import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES_DIR, loadLocaleDefinitions } from './locale-registry';
import { Translator } from './translator';

const codes = loadLocaleDefinitions().map((d) => d.code);
const translator = new Translator(codes, 'en');
const t = (lng: string, key: string, params: Record<string, unknown>) => translator.t(lng, key, params);

/** The digest as a translator reads it: subject and one line, for 0, 1, 2 and 5 tasks of each kind. */
const digest = (lng: string, n: number) =>
  `${t(lng, 'translations:digest.subject', { count: n })} | ` +
  t(lng, 'translations:digest.line', {
    language: t(lng, 'languages:fr', {}),
    missing: t(lng, 'translations:digest.missing', { count: n }),
    stale: t(lng, 'translations:digest.stale', { count: n }),
    rejected: t(lng, 'translations:digest.rejected', { count: n }),
  });

describe('counted messages in every language', () => {
  it.each([
    ['en', 0, '0 translation tasks are waiting for you | French: 0 missing, 0 out of date, 0 sent back for changes.'],
    ['en', 1, '1 translation task is waiting for you | French: 1 missing, 1 out of date, 1 sent back for changes.'],
    ['en', 2, '2 translation tasks are waiting for you | French: 2 missing, 2 out of date, 2 sent back for changes.'],
    ['en', 5, '5 translation tasks are waiting for you | French: 5 missing, 5 out of date, 5 sent back for changes.'],
    ['fr', 0, '0 tâche de traduction vous attend | français : 0 manquante, 0 à mettre à jour, 0 renvoyée pour corrections.'],
    ['fr', 1, '1 tâche de traduction vous attend | français : 1 manquante, 1 à mettre à jour, 1 renvoyée pour corrections.'],
    ['fr', 2, '2 tâches de traduction vous attendent | français : 2 manquantes, 2 à mettre à jour, 2 renvoyées pour corrections.'],
    ['fr', 5, '5 tâches de traduction vous attendent | français : 5 manquantes, 5 à mettre à jour, 5 renvoyées pour corrections.'],
    ['es', 0, '0 tareas de traducción te esperan | francés: 0 faltan, 0 desactualizadas, 0 devueltas para cambios.'],
    ['es', 1, '1 tarea de traducción te espera | francés: 1 falta, 1 desactualizada, 1 devuelta para cambios.'],
    ['es', 2, '2 tareas de traducción te esperan | francés: 2 faltan, 2 desactualizadas, 2 devueltas para cambios.'],
    ['es', 5, '5 tareas de traducción te esperan | francés: 5 faltan, 5 desactualizadas, 5 devueltas para cambios.'],
    ['sv', 0, '0 översättningsuppgifter väntar på dig | franska: 0 saknas, 0 inaktuella, 0 tillbakaskickade för ändringar.'],
    ['sv', 1, '1 översättningsuppgift väntar på dig | franska: 1 saknas, 1 inaktuell, 1 tillbakaskickad för ändringar.'],
    ['sv', 2, '2 översättningsuppgifter väntar på dig | franska: 2 saknas, 2 inaktuella, 2 tillbakaskickade för ändringar.'],
    ['sv', 5, '5 översättningsuppgifter väntar på dig | franska: 5 saknas, 5 inaktuella, 5 tillbakaskickade för ändringar.'],
    ['ur', 0, 'آپ کے 0 ترجمے کے کام منتظر ہیں | فرانسیسی: 0 غائب، 0 پرانے، 0 تبدیلی کے لیے واپس۔'],
    ['ur', 1, 'آپ کا 1 ترجمے کا کام منتظر ہے | فرانسیسی: 1 غائب، 1 پرانا، 1 تبدیلی کے لیے واپس۔'],
    ['ur', 2, 'آپ کے 2 ترجمے کے کام منتظر ہیں | فرانسیسی: 2 غائب، 2 پرانے، 2 تبدیلی کے لیے واپس۔'],
    ['ur', 5, 'آپ کے 5 ترجمے کے کام منتظر ہیں | فرانسیسی: 5 غائب، 5 پرانے، 5 تبدیلی کے لیے واپس۔'],
    ['zh', 0, '有 0 个翻译任务等待您处理 | 法语：缺少 0 篇，过时 0 篇，退回修改 0 篇。'],
    ['zh', 1, '有 1 个翻译任务等待您处理 | 法语：缺少 1 篇，过时 1 篇，退回修改 1 篇。'],
    ['zh', 2, '有 2 个翻译任务等待您处理 | 法语：缺少 2 篇，过时 2 篇，退回修改 2 篇。'],
    ['zh', 5, '有 5 个翻译任务等待您处理 | 法语：缺少 5 篇，过时 5 篇，退回修改 5 篇。'],
  ])('the digest in %s for %i', (lng, n, expected) => {
    expect(digest(lng, n)).toBe(expected);
  });

  it.each([
    ['en', ['The title may have at most 0 characters.', 'The title may have at most 1 character.', 'The title may have at most 2 characters.', 'The title may have at most 5 characters.']],
    ['fr', ['Le titre ne peut pas dépasser 0 caractère.', 'Le titre ne peut pas dépasser 1 caractère.', 'Le titre ne peut pas dépasser 2 caractères.', 'Le titre ne peut pas dépasser 5 caractères.']],
    ['es', ['El título puede tener como máximo 0 caracteres.', 'El título puede tener como máximo 1 carácter.', 'El título puede tener como máximo 2 caracteres.', 'El título puede tener como máximo 5 caracteres.']],
    ['sv', ['Rubriken får ha högst 0 tecken.', 'Rubriken får ha högst 1 tecken.', 'Rubriken får ha högst 2 tecken.', 'Rubriken får ha högst 5 tecken.']],
    ['ur', ['عنوان زیادہ سے زیادہ 0 حروف کا ہو سکتا ہے۔', 'عنوان زیادہ سے زیادہ 1 حرف کا ہو سکتا ہے۔', 'عنوان زیادہ سے زیادہ 2 حروف کا ہو سکتا ہے۔', 'عنوان زیادہ سے زیادہ 5 حروف کا ہو سکتا ہے۔']],
    ['zh', ['标题最多 0 个字符。', '标题最多 1 个字符。', '标题最多 2 个字符。', '标题最多 5 个字符。']],
  ])('a limit (passed as max) in %s for 0, 1, 2 and 5', (lng, expected) => {
    expect([0, 1, 2, 5].map((max) => t(lng, 'errors:article.titleTooLong', { max }))).toEqual(expected);
  });

  it.each([
    ['en', 'The feed redirects more than 1 time.', 'The feed redirects more than 5 times.', 'The OPML document lists more than 1,000 feeds.'],
    ['fr', 'Le flux redirige plus de 1 fois.', 'Le flux redirige plus de 5 fois.', 'Le document OPML liste plus de 1\u202f000 flux.'],
    ['es', 'La fuente redirige más de 1 vez.', 'La fuente redirige más de 5 veces.', 'El documento OPML enumera más de 1000 feeds.'],
    ['sv', 'Flödet omdirigerar fler än 1 gång.', 'Flödet omdirigerar fler än 5 gånger.', 'OPML-dokumentet listar fler än 1\u00a0000 flöden.'],
    ['ur', 'فیڈ 1 سے زیادہ بار ری ڈائریکٹ کرتی ہے۔', 'فیڈ 5 سے زیادہ بار ری ڈائریکٹ کرتی ہے۔', 'OPML دستاویز میں 1,000 سے زیادہ فیڈز ہیں۔'],
    ['zh', '订阅源重定向超过 1 次。', '订阅源重定向超过 5 次。', 'OPML 文档列出的订阅源超过 1,000 个。'],
  ])('other nouns and numbers formatted for the reader in %s', (lng, one, five, thousand) => {
    expect(t(lng, 'fetch:errors.tooManyRedirects', { max: 1 })).toBe(one);
    expect(t(lng, 'fetch:errors.tooManyRedirects', { max: 5 })).toBe(five);
    expect(t(lng, 'ingest:opml.tooMany', { max: 1000 })).toBe(thousand);
  });

  it.each([
    ['en', 'Amina is working on this translation (claimed until December 3, 2026 at 9:05 AM UTC).'],
    ['fr', 'Amina travaille sur cette traduction (réservée jusqu’au 3 décembre 2026 à 09:05 UTC).'],
    ['es', 'Amina está trabajando en esta traducción (reservada hasta el 3 de diciembre de 2026 a las 9:05 UTC).'],
    ['sv', 'Amina arbetar med den här översättningen (reserverad till 3 december 2026 kl. 09:05 UTC).'],
    ['ur', 'Amina اس ترجمے پر کام کر رہے ہیں (3 دسمبر، 2026 کو 9:05 AM UTC تک مخصوص)۔'],
    ['zh', 'Amina 正在翻译此文（认领至 UTC 2026年12月3日 09:05）。'],
  ])('dates in %s are written for the reader, not as ISO strings', (lng, expected) => {
    expect(t(lng, 'translations:errors.claimed', { name: 'Amina', until: new Date('2026-12-03T09:05:00Z') })).toBe(expected);
  });

  it('every plural message has exactly the forms its language needs, and no count is left raw', () => {
    const problems: string[] = [];
    for (const lng of codes) {
      const needed = new Intl.PluralRules(lng).resolvedOptions().pluralCategories.sort();
      for (const file of readdirSync(join(LOCALES_DIR, lng)).filter((f) => f.endsWith('.json'))) {
        const forms = new Map<string, string[]>();
        const walk = (value: unknown, path: string) => {
          if (typeof value === 'string') {
            const m = /^(.*)_(zero|one|two|few|many|other)$/.exec(path);
            if (m) forms.set(m[1], [...(forms.get(m[1]) ?? []), m[2]]);
            else if (/\{\{(count|max|ms|min)\}\}/.test(value)) problems.push(`${lng}/${file} ${path}: a number without Intl formatting`);
            return;
          }
          for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, path ? `${path}.${k}` : k);
        };
        walk(JSON.parse(readFileSync(join(LOCALES_DIR, lng, file), 'utf8')), '');
        for (const [key, have] of forms) {
          if (JSON.stringify(have.sort()) !== JSON.stringify(needed)) problems.push(`${lng}/${file} ${key}: has ${have.join(',')}, needs ${needed.join(',')}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
