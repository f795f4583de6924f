/**
 * The formats of each document, the default first: one place, read by the registry
 * (documents.ts) and by the CLI's flag declarations (which must stay cheap to import).
 */
export const DOCUMENT_FORMATS = {
  report: ['md', 'html', 'json', 'csv'],
  agenda: ['md', 'html', 'json', 'ics'],
  minutes: ['md', 'html', 'json'],
  diff: ['md', 'json'],
} as const;
