/** Escaping for the outputs (BAD-INPUTS 32–34): HTML text, Markdown text and table cells, URLs, CSV. */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;', '=': '&#61;' };

/** Text safe inside HTML elements and quoted attributes. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"'`=]/g, (c) => HTML[c]!);
}

/** Text safe inside SVG/XML (no `=`/backtick escapes needed, but harmless). */
export const escapeXml = escapeHtml;

/**
 * Inline Markdown text: Markdown punctuation backslash-escaped, then HTML's `& < >` escaped (in
 * that order, so the entities' own `&`/`;` are not escaped again). Newlines become spaces so a
 * value never breaks the line it sits on.
 */
export function escapeMarkdown(text: unknown): string {
  return String(text ?? '')
    .replace(/\r\n?|\n|\u2028|\u2029/g, ' ')
    .replace(/[\\`*_[\]#|~]/g, (c) => `\\${c}`)
    .replace(/^([-+=]|\d+\.)/, (m) => `\\${m}`)
    .replace(/[&<>"]/g, (c) => HTML[c]!);
}

/** A GFM table cell: `escapeMarkdown` also turns `|` into `\|`; an empty value stays empty. */
export function mdCell(text: unknown): string {
  return escapeMarkdown(text).trim();
}

/** Only http, https and mailto URLs are linked; anything else (javascript:, data:) gives null. */
export function safeUrl(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  const u = url.trim();
  if (/^(https?:\/\/|mailto:)[^\s<>"'`]+$/i.test(u)) return u;
  return null;
}

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;

/**
 * One CSV cell (RFC 4180 quoting), neutralised against formula injection: a text cell starting
 * with `= + - @`, a tab or CR (or their full-width forms) gets a leading `'`. Numbers stay numbers.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  if (typeof value !== 'number' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A Mermaid string literal: Mermaid has no escape for `"`, so it becomes a typographic quote. */
export function mermaidString(text: unknown): string {
  return `"${String(text ?? '').replace(/\r\n?|\n/g, ' ').replace(/"/g, '\u201D').replace(/[`]/g, "'")}"`;
}
