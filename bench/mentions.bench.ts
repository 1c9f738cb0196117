/**
 * `npm run bench:mentions`: how fast the mention matcher scans item-length texts in six languages with
 * 10, 100 and 500 watch terms (target: at least 2,000 items/s at 500 terms on a 2-core machine).
 * Speed is measured here, never asserted in a test.
 */
import { MentionMatcher, type MatchMode, type WatchSpec } from '../src/mentions/match';

type Lang = 'en' | 'fr' | 'zh' | 'ur' | 'es' | 'sv';

const SENTENCES: Record<Lang, string[]> = {
  en: [
    'The city council approved a new budget on Tuesday that increases funding for public libraries and schools.',
    'Volunteers collected more than two thousand signatures for the clean water campaign in the northern districts.',
    'Teachers across the region went on strike to demand better pay and smaller classes for their students.',
    'Young activists organised a march through the capital to call for stronger action on climate change.',
  ],
  fr: [
    'Le conseil municipal a adopté mardi un nouveau budget qui augmente les moyens des bibliothèques et des écoles.',
    'Les enseignants de toute la région se sont mis en grève pour réclamer de meilleurs salaires.',
    "De jeunes militants ont organisé une marche dans la capitale pour demander des mesures fortes pour le climat.",
    "Le tribunal a jugé que le journaliste avait été détenu illégalement et a ordonné sa libération immédiate.",
  ],
  zh: [
    '市议会周二批准了新的预算，增加了对公共图书馆和学校的拨款。',
    '全区教师举行罢工，要求提高工资并减少每个班级的学生人数。',
    '年轻的活动人士在首都组织游行，呼吁政府采取更有力的气候行动。',
    '法院裁定這名記者遭到非法拘留，並下令立即將他釋放。',
  ],
  ur: [
    'شہر کی کونسل نے منگل کے روز نیا بجٹ منظور کیا جس میں سرکاری کتب خانوں اور اسکولوں کے لیے رقم بڑھا دی گئی ہے۔',
    'مقامی شاخ کے رضاکاروں نے صاف پانی کی مہم کے لیے دو ہزار سے زیادہ دستخط جمع کیے۔',
    'علاقے بھر کے اساتذہ نے بہتر تنخواہوں کے مطالبے کے لیے ہڑتال کی۔',
    'نوجوان کارکنوں نے دارالحکومت میں موسمیاتی تبدیلی کے خلاف مارچ کیا۔',
  ],
  es: [
    'El ayuntamiento aprobó el martes un nuevo presupuesto que aumenta los fondos para bibliotecas y escuelas.',
    'Los maestros de toda la región se declararon en huelga para exigir mejores salarios.',
    'Jóvenes activistas organizaron una marcha en la capital para pedir medidas más firmes contra el cambio climático.',
    'El tribunal dictaminó que el periodista había sido detenido ilegalmente y ordenó su liberación inmediata.',
  ],
  sv: [
    'Kommunfullmäktige antog på tisdagen en ny budget som ökar anslagen till bibliotek och skolor.',
    'Lärare i hela regionen strejkade för att kräva bättre lön och mindre klasser för sina elever.',
    'Unga aktivister ordnade en marsch genom huvudstaden för att kräva kraftfullare klimatåtgärder.',
    'Domstolen slog fast att journalisten hade frihetsberövats olagligt och beordrade att han skulle släppas.',
  ],
};
const LANGS = Object.keys(SENTENCES) as Lang[];

// A deterministic generator, so every run scans the same corpus.
let seed = 20261127;
const rand = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};
const pick = <T>(list: readonly T[]) => list[rand(list.length)];

const SYLLABLES: Record<Lang, string[]> = {
  en: ['work', 'ers', 'al', 'li', 'ance', 'north', 'front', 'unit', 'ed', 'stu', 'dent', 'league'],
  fr: ['ré', 'vo', 'lu', 'tion', 'ou', 'vri', 'ère', 'jeu', 'nes', 'se', 'front', 'é'],
  zh: ['工', '人', '学', '生', '联', '盟', '國', '際', '馬', '克', '思', '運', '动', '青', '年', '會'],
  ur: ['مز', 'دور', 'طل', 'بہ', 'یو', 'نین', 'انق', 'لاب', 'کار', 'کن', 'اتح', 'اد'],
  es: ['lu', 'cha', 'de', 'cla', 'ses', 'ju', 'ven', 'tud', 'o', 'bre', 'ra', 'fren'],
  sv: ['ar', 'be', 'tar', 'för', 'bund', 'et', 'ung', 'doms', 'kamp', 'väns', 'ter', 'ön'],
};

function word(lang: Lang): string {
  const parts = 2 + rand(3);
  let w = '';
  for (let i = 0; i < parts; i++) w += pick(SYLLABLES[lang]);
  return lang === 'zh' || lang === 'ur' ? w : w[0].toUpperCase() + w.slice(1);
}

function makeTerms(count: number): { text: string; mode: MatchMode }[] {
  const terms: { text: string; mode: MatchMode }[] = [
    { text: 'IMT', mode: 'WORD' },
    { text: '国际马克思主义倾向', mode: 'SUBSTRING' },
    { text: 'Marxist Student Federation', mode: 'PHRASE' },
    { text: 'طلبہ یونین', mode: 'WORD' },
    { text: 'Lucha de Clases', mode: 'PHRASE' },
    { text: 'Revolution', mode: 'CASE_SENSITIVE' },
  ];
  const seen = new Set(terms.map((t) => t.text));
  while (terms.length < count) {
    const lang = LANGS[terms.length % LANGS.length];
    const text = lang === 'zh' ? word(lang) : rand(3) === 0 ? `${word(lang)} ${word(lang)}` : word(lang);
    if (seen.has(text)) continue;
    seen.add(text);
    const mode: MatchMode = lang === 'zh' ? 'SUBSTRING' : text.includes(' ') ? 'PHRASE' : rand(20) === 0 ? 'CASE_SENSITIVE' : 'WORD';
    terms.push({ text, mode });
  }
  return terms.slice(0, count);
}

/** A feed item as the worker scans it: a title and a summary of several sentences (600 to 1,800 characters). */
function makeItem(i: number): string {
  const lang = LANGS[i % LANGS.length];
  const parts: string[] = [];
  const target = 600 + rand(1200) * (lang === 'zh' ? 0.35 : 1);
  let length = 0;
  while (length < target) {
    let sentence = pick(SENTENCES[lang]);
    if (rand(12) === 0) sentence = sentence.replace(lang === 'zh' ? '。' : '.', lang === 'zh' ? `（IMT）${word('zh')}。` : ` ${word(lang)} IMT.`);
    parts.push(sentence);
    length += sentence.length;
  }
  return `${pick(SENTENCES[lang]).slice(0, 60)}\n${parts.join(' ')}`;
}

function measure(matcher: MentionMatcher, items: string[], minMs: number): { itemsPerSecond: number; matchesPerItem: number } {
  let scanned = 0;
  let matched = 0;
  const started = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < minMs) {
    for (const item of items) matched += matcher.scan(item).length;
    scanned += items.length;
    elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  }
  return { itemsPerSecond: (scanned / elapsedMs) * 1000, matchesPerItem: matched / scanned };
}

function main() {
  const items = Array.from({ length: 3000 }, (_, i) => makeItem(i));
  const avgChars = Math.round(items.reduce((n, t) => n + t.length, 0) / items.length);
  const allTerms = makeTerms(500);
  console.log(`Mention matcher: ${items.length} items in ${LANGS.join(' ')}, ${avgChars} characters on average; node ${process.version}`);
  console.log('terms | watches | compile ms | items/s | chars/s | watch matches per item');
  // Warm up the normaliser's caches and the JIT, as a running worker would be.
  measure(new MentionMatcher([{ id: 'warm', terms: allTerms.slice(0, 50), excludes: [] }]), items, 2000);
  const rows: string[] = [];
  for (const count of [10, 100, 500]) {
    const terms = allTerms.slice(0, count);
    // Terms spread over watches of about ten terms each, with an exclusion each.
    const watches: WatchSpec[] = [];
    for (let w = 0; w * 10 < terms.length; w++) {
      watches.push({ id: `w${w}`, terms: terms.slice(w * 10, w * 10 + 10), excludes: [`${word('en')} ${word('en')}`] });
    }
    const t0 = process.hrtime.bigint();
    const matcher = new MentionMatcher(watches);
    const compileMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const { itemsPerSecond, matchesPerItem } = measure(matcher, items, 3000);
    const row = `${String(count).padStart(5)} | ${String(watches.length).padStart(7)} | ${compileMs.toFixed(1).padStart(10)} | ${Math.round(itemsPerSecond).toLocaleString('en').padStart(7)} | ${Math.round(itemsPerSecond * avgChars).toLocaleString('en').padStart(10)} | ${matchesPerItem.toFixed(2)}`;
    console.log(row);
    rows.push(row);
  }
  const at500 = Number(rows[2].split('|')[3].replace(/[,\s]/g, ''));
  console.log(at500 >= 2000 ? `OK: ${at500} items/s at 500 terms (target 2,000)` : `BELOW TARGET: ${at500} items/s at 500 terms (target 2,000)`);
}

main();
