/**
 * Keeps what a translation may carry over from its source: paragraphs, line breaks, links, emphasis,
 * lists, quotes and subheadings. Everything else is unwrapped to its text; attributes other than a
 * link's http(s)/mailto href and a paragraph's dir are dropped. The API sanitises again on save.
 */
const KEEP = new Set(['P', 'BR', 'A', 'EM', 'STRONG', 'I', 'B', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'H2', 'H3', 'H4']);
const DROP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'MATH', 'NOSCRIPT']);
const SAFE_HREF = /^(https?:|mailto:)/i;

export function sanitizeHtml(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const out = document.createElement('div');
  copyChildren(doc.body, out);
  return out.innerHTML;
}

function copyChildren(from: Node, to: Node): void {
  for (const child of Array.from(from.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      to.appendChild(document.createTextNode(child.textContent ?? ''));
    } else if (child instanceof Element) {
      if (DROP.has(child.tagName)) continue;
      if (!KEEP.has(child.tagName)) {
        // A <div> from the editor is a paragraph; other wrappers give up their tag and keep their text.
        if (child.tagName === 'DIV') {
          const p = document.createElement('p');
          copyChildren(child, p);
          to.appendChild(p);
        } else copyChildren(child, to);
        continue;
      }
      const copy = document.createElement(child.tagName.toLowerCase());
      if (child.tagName === 'A') {
        const href = child.getAttribute('href') ?? '';
        if (SAFE_HREF.test(href.trim())) copy.setAttribute('href', href.trim());
      }
      const dir = child.getAttribute('dir');
      if (child.tagName === 'P' && (dir === 'rtl' || dir === 'ltr')) copy.setAttribute('dir', dir);
      copyChildren(child, copy);
      to.appendChild(copy);
    }
  }
}
