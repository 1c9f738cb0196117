import { Translator } from '../i18n/translator';
import { composeDigestMail } from './digest-mail';

const translator = new Translator(['en', 'fr', 'zh', 'ur', 'es', 'sv'], 'en');
const counts = (missing: number, stale = 0, rejected = 0) => ({ fr: { missing, stale, rejected, total: missing + stale + rejected } });
const options = { day: '2026-03-05', deskUrl: 'https://desk.example/desk/', direction: 'LTR' as const };

describe('composeDigestMail', () => {
  it('writes the plural form each count needs, and the day the language\'s way', () => {
    const one = composeDigestMail(translator, 'fr', 'Claire', counts(1), options);
    expect(one.subject).toBe('1 tâche de traduction vous attend');
    expect(one.text).toContain('Vos tâches de traduction du jeudi 5 mars 2026');
    expect(one.text).toContain('1 manquante');
    const two = composeDigestMail(translator, 'fr', 'Claire', counts(2, 1), options);
    expect(two.subject).toBe('3 tâches de traduction vous attendent');
    expect(two.text).toContain('2 manquantes');
    expect(composeDigestMail(translator, 'en', 'Claire', counts(1), options).text).toContain('Thursday, March 5, 2026');
  });

  it('gives the same content as HTML, escaped, right to left for an RTL language, with a link to the desk', () => {
    const mail = composeDigestMail(translator, 'ur', 'Amina <b>&', counts(2), { ...options, direction: 'RTL' });
    expect(mail.html).toContain('<html lang="ur" dir="rtl">');
    expect(mail.html).toContain('Amina &lt;b&gt;&amp;');
    expect(mail.html).not.toContain('<b>&');
    expect(mail.html).toContain('<a href="https://desk.example/desk/">');
    expect(mail.text).toContain('https://desk.example/desk/');
    expect(mail.total).toBe(2);
  });
});
