/**
 * A tag scanner for the regular XML Excel and its peers write (no DTDs, no CDATA in cells): fast
 * enough to run over a sheet chunk by chunk, with attributes and entities read on demand.
 */

const TAG = /<(?:(\/?)(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|!--[\s\S]*?-->|\?[\s\S]*?\?>|!\[CDATA\[[\s\S]*?\]\]>|![^>]*>)/g;

export interface Tag {
  name: string;
  attrs: string;
  close: boolean;
  empty: boolean;
  /** Where the tag starts and ends in the text (text content lies between tags). */
  start: number;
  end: number;
}

/** Calls `visit` for every complete tag from `from`; returns where the unscanned rest starts. */
export function scanTags(text: string, from: number, visit: (tag: Tag) => void): number {
  TAG.lastIndex = from;
  let rest = from;
  const tag: Tag = { name: '', attrs: '', close: false, empty: false, start: 0, end: 0 };
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    rest = TAG.lastIndex;
    if (m[2] === undefined) continue;
    const attrs = m[3]!;
    tag.close = m[1] === '/';
    tag.name = m[2];
    tag.empty = attrs.endsWith('/');
    tag.attrs = attrs;
    tag.start = m.index;
    tag.end = rest;
    visit(tag);
  }
  return rest;
}

const attrPatterns = new Map<string, RegExp>();

export function attr(attrs: string, name: string): string | undefined {
  let re = attrPatterns.get(name);
  if (!re) attrPatterns.set(name, (re = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
  const m = re.exec(attrs);
  return m ? unescapeXml(m[1] ?? m[2]!) : undefined;
}

export const isTrue = (v: string | undefined) => v === '1' || v === 'true';

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (all, e: string) => {
    if (e[0] !== '#') return ENTITIES[e] ?? all;
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

/** Cell text: XML entities, then OOXML's `_xHHHH_` escapes for characters XML cannot hold. */
export function cellString(raw: string): string {
  const s = unescapeXml(raw);
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}
