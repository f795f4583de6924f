import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { csvCell, escapeHtml, mdCell, mermaidString, safeUrl } from '../../src/core/render/escape.js';
import { Formatter, roundTo } from '../../src/core/render/format.js';

describe('csvCell (formula injection, BAD-INPUTS 32)', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+cmd', "'+cmd"],
    ['-cmd', "'-cmd"],
    ['@cmd', "'@cmd"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "\"'\rcmd\""],
    ['＝cmd', "'＝cmd"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['-1.5', '-1.5'],
    ['on-track', 'on-track'],
  ])('%j → %j', (input, out) => expect(csvCell(input)).toBe(out));
  it('keeps numbers numbers and empties empty', () => {
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });
});

describe('mdCell (BAD-INPUTS 33)', () => {
  const md = new MarkdownIt();
  it('never breaks a table, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const html = md.render(`| a | b |\n| --- | --- |\n| ${mdCell(text)} | x |\n`);
        const row = /<tbody>\s*<tr>([\s\S]*?)<\/tr>/.exec(html);
        if (!row) return mdCell(text) === '' ? true : false;
        return (row[1]!.match(/<td/g) ?? []).length === 2 && !html.includes('<script');
      }),
      { numRuns: 300 },
    );
  });
  it('renders back to the original text', () => {
    const text = 'A | B <i>x</i> *y* & [z](http://e) \\ `c`';
    const html = md.render(`| h |\n| --- |\n| ${mdCell(text)} |\n`);
    const cell = /<td>([\s\S]*?)<\/td>/.exec(html)![1]!;
    expect(cell.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')).toBe(text);
  });
});

describe('HTML and URLs (BAD-INPUTS 34)', () => {
  it('escapes markup and quotes', () => expect(escapeHtml('<a href="x">\'&')).toBe('&lt;a href&#61;&quot;x&quot;&gt;&#39;&amp;'));
  it.each([
    ['https://example.org/a?b=1', 'https://example.org/a?b=1'],
    ['mailto:a@example.org', 'mailto:a@example.org'],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    ['data:text/html,x', null],
    ['http://x" onmouseover="y', null],
  ])('safeUrl(%j) = %j', (u, out) => expect(safeUrl(u)).toBe(out));
  it('mermaid strings cannot be closed early', () => expect(mermaidString('a "b"\nc')).toBe('"a \u201Db\u201D c"'));
});

describe('locale formatting', () => {
  it('rounds half away from zero, for display only', () => {
    expect(roundTo(0.05, 1)).toBe(0.1);
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(-2.25, 1)).toBe(-2.3);
  });
  it('formats by locale, and falls back to en-US for a bad tag', () => {
    expect(new Formatter('en-US').value(1234.56, 'count', 0)).toBe('1,235');
    expect(new Formatter('fr-FR').value(49, 'percent', 1)).toMatch(/^49,0\s%$/);
    expect(new Formatter('not a locale!').date('2026-11-23')).toBe('November 23, 2026');
    expect(new Formatter('en-GB').date('2026-11-23')).toBe('23 November 2026');
    expect(new Formatter('en-US').difference(-2.84, 'percent', 1)).toBe('-2.8 pts');
  });
});
