/**
 * An `.xlsx` workbook's parts: its sheets in tab order, where each lives, and the shared strings
 * every sheet's cells point into.
 */
import { attr, cellString, isTrue, scanTags } from './xlsx-xml.js';
import { Unreadable, type Zip } from './xlsx-zip.js';


export interface SheetEntry {
  name: string;
  hidden: boolean;
  path: string;
}

export interface Workbook {
  sheets: SheetEntry[];
  stringsPath?: string;
  stylesPath?: string;
  date1904: boolean;
}

function readRelationships(zip: Zip, path: string): { id: string; type: string; target: string }[] {
  if (!zip.has(path)) return [];
  const rels: { id: string; type: string; target: string }[] = [];
  const text = zip.text(path);
  scanTags(text, 0, (t) => {
    if (t.close || t.name !== 'Relationship') return;
    rels.push({ id: attr(t.attrs, 'Id') ?? '', type: attr(t.attrs, 'Type') ?? '', target: attr(t.attrs, 'Target') ?? '' });
  });
  return rels;
}

/** A relationship's target as a zip entry name, relative to the folder of the part that names it. */
function resolvePart(fromFolder: string, target: string): string {
  const parts = target.startsWith('/') ? [] : fromFolder.split('/').filter(Boolean);
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p && p !== '.') parts.push(p);
  }
  return parts.join('/');
}

export function readWorkbook(zip: Zip): Workbook {
  const main = readRelationships(zip, '_rels/.rels').find((r) => r.type.endsWith('/officeDocument'));
  const bookPath = main ? resolvePart('', main.target) : 'xl/workbook.xml';
  if (!zip.has(bookPath)) throw new Unreadable('it is a zip file but not an Excel workbook');
  if (!bookPath.endsWith('.xml')) throw new Unreadable('it is a binary workbook (.xlsb)');
  const folder = bookPath.slice(0, bookPath.lastIndexOf('/') + 1);
  const rels = readRelationships(zip, `${folder}_rels/${bookPath.slice(folder.length)}.rels`);
  const byId = new Map(rels.map((r) => [r.id, r]));
  const book: Workbook = { sheets: [], date1904: false };
  const strings = rels.find((r) => r.type.endsWith('/sharedStrings'));
  const styles = rels.find((r) => r.type.endsWith('/styles'));
  if (strings) book.stringsPath = resolvePart(folder, strings.target);
  if (styles) book.stylesPath = resolvePart(folder, styles.target);
  scanTags(zip.text(bookPath), 0, (t) => {
    if (t.close) return;
    if (t.name === 'workbookPr') book.date1904 = isTrue(attr(t.attrs, 'date1904'));
    if (t.name !== 'sheet') return;
    const rel = byId.get(attr(t.attrs, 'id') ?? '');
    if (!rel || !rel.type.endsWith('/worksheet')) return; // chart sheets and dialog sheets hold no cells
    const state = attr(t.attrs, 'state');
    book.sheets.push({ name: attr(t.attrs, 'name') ?? '', hidden: state === 'hidden' || state === 'veryHidden', path: resolvePart(folder, rel.target) });
  });
  if (book.sheets.length === 0) throw new Unreadable('the workbook has no worksheet');
  return book;
}

export function readSharedStrings(xml: string): string[] {
  const strings: string[] = [];
  let current = '';
  let inPhonetic = 0;
  let textFrom = -1;
  scanTags(xml, 0, (t) => {
    if (t.name === 'si') {
      if (t.close) strings.push(current);
      else if (t.empty) strings.push('');
      else current = '';
    } else if (t.name === 'rPh') {
      if (!t.empty) inPhonetic += t.close ? -1 : 1;
    } else if (t.name === 't' && inPhonetic === 0) {
      if (t.close && textFrom >= 0) current += cellString(xml.slice(textFrom, t.start));
      textFrom = t.close || t.empty ? -1 : t.end;
    }
  });
  return strings;
}
