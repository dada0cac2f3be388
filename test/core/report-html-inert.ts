// What "inert" means for an HTML report, checked twice: over the markup as text (every `<` of a
// value is escaped, so every tag in the file is one the renderer wrote) and over the WHATWG HTML
// parser's tree (parse5: the spec's tree-construction algorithm, fast enough for 100,000 fuzz cases).
import { parse, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function* elements(node: Node): Generator<Element> {
  if ('tagName' in node) yield node;
  const kids = 'childNodes' in node ? node.childNodes : [];
  for (const k of kids) yield* elements(k);
  if ('content' in node && node.content) yield* elements(node.content as Node);
}

const ALLOWED_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'main', 'footer', 'section', 'h1', 'h2', 'h3', 'p',
  'span', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'dl', 'dt', 'dd', 'ul', 'li', 'strong', 'em',
]);
const ALLOWED_ATTRS = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'class', 'id', 'href', 'aria-label']);

/** Problems found; [] when the document can run nothing and load nothing. */
export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  if (!html.startsWith('<!DOCTYPE html>')) problems.push('no doctype');
  const body = html.replace(/^<!DOCTYPE html>/, '');
  // Text level: every tag.
  for (const m of body.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const tag = (m[1] as string).toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) problems.push(`tag <${tag}>`);
    for (const a of (m[2] as string).matchAll(/([^\s=/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const name = (a[1] as string).toLowerCase();
      const value = (a[2] ?? '').replace(/^["']|["']$/g, '');
      if (!ALLOWED_ATTRS.has(name)) problems.push(`attribute ${name} on <${tag}>`);
      if (name === 'href' && !value.startsWith('#')) problems.push(`href ${value}`);
      if (name === 'http-equiv' && value.toLowerCase() !== 'content-security-policy') problems.push(`http-equiv ${value}`);
    }
  }
  const styles = [...body.matchAll(/<style>([\s\S]*?)<\/style>/g)];
  if (styles.length !== 1) problems.push(`${styles.length} style elements`);
  for (const s of styles) if (/url\s*\(|@import|expression\s*\(/i.test(s[1] as string)) problems.push('external reference in CSS');
  // Parser level.
  const ACTIVE = new Set(['script', 'iframe', 'object', 'embed', 'link', 'img', 'base', 'form', 'svg', 'math', 'video', 'audio', 'source']);
  let csp = '';
  for (const el of elements(parse(html) as Node)) {
    if (ACTIVE.has(el.tagName)) problems.push('active element after parsing');
    for (const attr of el.attrs) {
      if (/^on/i.test(attr.name)) problems.push(`event handler ${attr.name}`);
      if (/^(src|srcset|action|formaction|poster|data|style|background)$/i.test(attr.name)) problems.push(`resource attribute ${attr.name}`);
    }
    if (el.tagName === 'meta' && el.attrs.some((x) => x.name === 'http-equiv' && x.value === 'Content-Security-Policy')) {
      csp = el.attrs.find((x) => x.name === 'content')?.value ?? '';
    }
  }
  if (!/default-src 'none'/.test(csp)) problems.push('no default-src none CSP');
  return problems;
}
