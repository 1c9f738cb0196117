import { loadLocaleDefinitions } from '../../i18n/locale-registry';
import { Translator } from '../../i18n/translator';
import { composeAlertMail } from './alert-mail';
import type { AlertMention } from './watch-alerts.repository';

const translator = new Translator(
  loadLocaleDefinitions().map((d) => d.code),
  'en',
);

const mention = (n: number, over: Partial<AlertMention> = {}): AlertMention => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  watchId: '00000000-0000-4000-8000-0000000000aa',
  url: `https://news.example/${n}`,
  title: `Story ${n}`,
  excerpt: `… the <mark>IMT</mark> congress &lt;${n}&gt; …`,
  sourceName: 'News Example',
  publishedAt: new Date('2026-05-04T09:30:00Z'),
  foundAt: new Date('2026-05-04T10:00:00Z'),
  matchedTerms: ['IMT'],
  state: 'NEW',
  ...over,
});

describe('composeAlertMail', () => {
  it('writes an immediate alert: subject with the title, the link, the excerpt as text and marked HTML', () => {
    const mail = composeAlertMail(translator, 'en', [mention(1)], { watchName: 'The organisation', direction: 'LTR' });
    expect(mail.subject).toBe('New mention for “The organisation”: Story 1');
    expect(mail.text).toContain('A new mention for your watch “The organisation”');
    expect(mail.text).toContain('https://news.example/1');
    expect(mail.text).toContain('… the IMT congress <1> …');
    expect(mail.text).toContain('Matched: IMT');
    expect(mail.html).toContain('<a href="https://news.example/1">Story 1</a>');
    expect(mail.html).toContain('<mark>IMT</mark> congress &lt;1&gt;');
  });

  it('escapes what a source wrote in the HTML', () => {
    const mail = composeAlertMail(translator, 'en', [mention(2, { title: '<script>x</script>', sourceName: 'A & B' })], { watchName: '<b>w</b>', direction: 'LTR' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>w</b>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('A &amp; B');
  });

  it('writes a digest with plural forms, the day in the language and how many more there are', () => {
    const mail = composeAlertMail(translator, 'ur', [mention(1), mention(2)], { watchName: 'IMT', direction: 'RTL', day: '2026-05-04', total: 5 });
    expect(mail.subject).toBe('”IMT“ کے لیے 5 نئے تذکرے');
    expect(mail.text).toContain(new Intl.DateTimeFormat('ur', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date('2026-05-04T12:00:00Z')));
    expect(mail.text).toContain('https://news.example/2');
    expect(mail.text).toContain('… اور 3 مزید');
    expect(mail.html).toContain('<html lang="ur" dir="rtl">');
    const one = composeAlertMail(translator, 'fr', [mention(1)], { watchName: 'IMT', direction: 'LTR', day: '2026-05-04', total: 1 });
    expect(one.subject).toBe('1 nouvelle mention pour « IMT »');
    expect(one.text).toContain('lundi 4 mai 2026');
  });
});
