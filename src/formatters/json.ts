import type { Formatter } from './types.js';

/** Exactly one JSON document, as SPEC 3 shows. */
export const json: Formatter = (diagnostics, ctx) =>
  JSON.stringify(
    {
      valid: ctx.valid,
      errors: ctx.errors,
      warnings: ctx.warnings,
      diagnostics: diagnostics.map((d) => ({
        severity: d.severity,
        code: d.code,
        message: d.message,
        file: d.file,
        line: d.line,
        column: d.column,
        ...(d.sheet !== undefined ? { sheet: d.sheet } : {}),
        ...(d.cell !== undefined ? { cell: d.cell } : {}),
        ...(d.hint ? { hint: d.hint } : {}),
        ...(d.related?.length ? { related: d.related } : {}),
        ...(d.count ? { count: d.count } : {}),
      })),
    },
    null,
    2,
  ) + '\n';
