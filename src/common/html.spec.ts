import { htmlToText, sanitizeBodyHtml } from './html';

describe('sanitizeBodyHtml', () => {
  const base = 'https://marxist.se/artiklar/2019/rosa.html';

  it('keeps ordinary article markup', () => {
    expect(sanitizeBodyHtml('<p>Hello <strong>world</strong></p>')).toBe('<p>Hello <strong>world</strong></p>');
  });

  it.each([
    ['<script>alert(1)</script><p>x</p>', '<p>x</p>'],
    ['<p onclick="alert(1)">x</p>', '<p>x</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="vbscript:msgbox(1)">x</a>', '<a>x</a>'],
    ['<img src="data:text/html;base64,PHNjcmlwdD4=">', ''],
    ['<svg onload="alert(1)"><circle/></svg><p>x</p>', '<p>x</p>'],
    ['<p style="background:url(javascript:alert(1))">x</p>', '<p>x</p>'],
    ['<style>p{}</style><iframe src="https://evil.example"></iframe><p>x</p>', '<p>x</p>'],
    ['<form action="/x"><input name="a"></form><p>x</p>', '<p>x</p>'],
  ])('removes hostile markup: %s', (input, expected) => {
    expect(sanitizeBodyHtml(input, base)).toBe(expected);
  });

  it('makes links absolute against the base', () => {
    expect(sanitizeBodyHtml('<a href="../2018/x.html">x</a><img src="/img/a.jpg" alt="a">', base)).toBe(
      '<a href="https://marxist.se/artiklar/2018/x.html" rel="noopener noreferrer nofollow">x</a><img src="https://marxist.se/img/a.jpg" alt="a" />',
    );
  });

  it('drops relative links when there is no base', () => {
    expect(sanitizeBodyHtml('<a href="/x">x</a>')).toBe('<a>x</a>');
  });

  it('stores NFC', () => {
    expect(sanitizeBodyHtml('<p>Cafe\u0301</p>')).toBe('<p>Caf\u00e9</p>');
  });

  it('keeps right-to-left text and its dir attribute', () => {
    expect(sanitizeBodyHtml('<p dir="rtl">طلبہ یونین</p>')).toBe('<p dir="rtl">طلبہ یونین</p>');
  });
});

describe('htmlToText', () => {
  it('strips tags and collapses white space', () => {
    expect(htmlToText('<p>A  <b>b</b></p>\n<script>x</script><p>c &amp; d</p>')).toBe('A b c & d');
  });
});
