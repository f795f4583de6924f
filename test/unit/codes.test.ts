/**
 * One place per fact: every code's severity and description live in src/core/codes.ts, every
 * rule declares what it may report, and the docs and SARIF output are generated from them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES, DIAGNOSTIC_CODES, docsLink } from '../../src/core/codes.js';
import { withGeneratedTables } from '../../src/core/codes-doc.js';
import type { Initiative } from '../../src/core/model/types.js';
import { RULES, runRules } from '../../src/core/rules/index.js';
import type { Rule } from '../../src/core/rules/index.js';
import { loadInitiative } from '../../src/core/load.js';
import { EXAMPLE, FIXTURES, REPO, runCli } from '../helpers/run.js';

describe('the catalogue of codes', () => {
  it('docs/format.md holds exactly the generated tables of codes and rules (run `npm run docs` after changing them)', async () => {
    const doc = await readFile(join(REPO, 'docs/format.md'), 'utf8');
    expect(doc).toBe(withGeneratedTables(doc));
    for (const code of DIAGNOSTIC_CODES) expect(doc).toContain(`<a id="code-${code}"></a>\`${code}\``);
  });

  it('every rule declares codes of the catalogue, and every rule name is unique', () => {
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(rule.meta.description.length, rule.name).toBeGreaterThan(10);
      for (const code of rule.meta.codes) expect(DIAGNOSTIC_CODES, `${rule.name}: ${code}`).toContain(code);
    }
  });

  it('a rule that reports a code its meta does not list is stopped (a bug, caught by the fixture corpus)', async () => {
    const { initiative } = await loadInitiative(join(FIXTURES, 'valid-minimal'));
    const rogue: Rule = {
      name: 'rogue',
      meta: { description: 'reports something it does not declare', codes: ['goal-without-activity'] },
      run: (ctx) => ctx.report('duplicate-id', initiative.agenda.at, [], 'not mine'),
    };
    expect(() => runRules(initiative as Initiative, new Set(), [rogue])).toThrow(/rule 'rogue' reported 'duplicate-id'/);
  });

  it("the severity of a rule's diagnostic is the catalogue's (date-order, which can be either, says which)", async () => {
    const r = await runCli(['validate', EXAMPLE, '--today', '2026-11-23', '--format', 'json']);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: { code: keyof typeof CODES; severity: string }[] };
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      const fixed = CODES[d.code].severity;
      if (fixed !== 'error or warning') expect(d.severity, d.code).toBe(fixed);
    }
  });

  it("SARIF describes each rule from the catalogue, with a link to the code's row in the docs", async () => {
    const r = await runCli(['validate', join(FIXTURES, 'unknown-reference'), '--no-data', '--format', 'sarif']);
    const driver = JSON.parse(r.stdout).runs[0].tool.driver as { rules: { id: keyof typeof CODES; shortDescription: { text: string }; helpUri: string }[] };
    expect(driver.rules.length).toBeGreaterThan(0);
    for (const rule of driver.rules) {
      expect(rule.helpUri).toBe(docsLink(rule.id));
      expect(rule.shortDescription.text).toBe(CODES[rule.id].when.replace(/`([^`]*)`/g, "'$1'"));
    }
  });
});
