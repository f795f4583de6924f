/** The at-a-glance table's trend sparkline (issue 10 item 1): a word-sized shape of the series. */
import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/core/render/charts.js';
import { EXAMPLE, runCli } from '../helpers/run.js';

describe('sparkline', () => {
  it('scales the last points between their own minimum and maximum', () => {
    expect(sparkline([44, 46.8, 49.5, 52.1])).toBe('▁▃▆█');
    expect(sparkline([51, 52.5, 50.9, 50.3])).toBe('▃█▃▁');
    expect(sparkline([5, 5, 5])).toBe('▄▄▄');
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])).toHaveLength(12);
  });

  it('is empty with fewer than two finite points', () => {
    expect(sparkline([])).toBe('');
    expect(sparkline([3])).toBe('');
    expect(sparkline([3, Number.NaN])).toBe('');
  });

  it("stands beside the trend's word in the at-a-glance table, in Markdown and HTML", async () => {
    const md = await runCli(['report', EXAMPLE, '--today', '2026-11-23']);
    expect(md.stdout).toMatch(/^\| Kindergarten readiness \|.*\| [▁▂▃▄▅▆▇█]{4} Improving \|$/m);
    const html = await runCli(['report', EXAMPLE, '--today', '2026-11-23', '--format', 'html']);
    expect(html.stdout).toMatch(/<td class="trend"><span class="spark" aria-hidden="true">[▁▂▃▄▅▆▇█]+<\/span> Worsening<\/td>/);
  });
});
