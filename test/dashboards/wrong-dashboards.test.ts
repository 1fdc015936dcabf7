import { describe, expect, it } from 'vitest';
import { loadDashboards, panelsOf, type DashboardJson } from '../../assertions/dashboards/index.js';
import { WRONG_PANELS, wrongDashboards, wrongTitle } from './wrong-dashboards.js';

/** "<uid> › <title> › <refId>" → query text, for every panel target. */
function queries(dashboards: readonly DashboardJson[]): Map<string, string> {
  return new Map(
    dashboards.flatMap((d) =>
      panelsOf(d).flatMap((p) =>
        (p.targets ?? []).map((t) => [`${d.uid} › ${p.title} › ${t.refId}`, t.expr ?? ''] as const),
      ),
    ),
  );
}

describe('wrongDashboards (the mistakes dashboards-check.test.ts must catch)', () => {
  it('changes exactly one query per mistake and leaves the rest of the dashboards as generated', () => {
    const real = loadDashboards();
    const wrong = wrongDashboards(real);
    expect(wrong.map((d) => d.uid)).toEqual(['aimon-claude-code', 'aimon-codex']);
    const before = queries(real.filter((d) => wrong.some((w) => w.uid === d.uid)));
    const after = queries(wrong);
    const changed = [...after].filter(([key, expr]) => before.get(key) !== expr).map(([key]) => key);
    expect(changed.sort()).toEqual(WRONG_PANELS.map((w) => `${w.dashboard} › ${wrongTitle(w)} › A`).sort());
    for (const w of WRONG_PANELS) {
      const expr = after.get(`${w.dashboard} › ${wrongTitle(w)} › A`)!;
      expect(expr).toContain(w.with);
      expect(expr.replace(w.with, w.replace)).toBe(before.get(`${w.dashboard} › ${w.panel} › A`));
    }
    // The real dashboards are untouched.
    expect(queries(real)).toEqual(queries(loadDashboards()));
  });

  it('refuses a mistake that no longer applies, instead of proving nothing', () => {
    const real = loadDashboards();
    const codex = real.find((d) => d.uid === 'aimon-codex')!;
    const renamed = structuredClone(codex);
    panelsOf(renamed).find((p) => p.title === 'Sandbox denials')!.title = 'Sandbox outcomes';
    expect(() => wrongDashboards([...real.filter((d) => d !== codex), renamed])).toThrow(
      'wrong dashboards: no panel "Sandbox denials" in aimon-codex',
    );
    const edited = structuredClone(codex);
    for (const t of panelsOf(edited).find((p) => p.title === 'Sandbox denials')!.targets ?? [])
      t.expr = t.expr!.replace('codex.sandbox_outcome', 'codex.sandbox_result');
    expect(() => wrongDashboards([...real.filter((d) => d !== codex), edited])).toThrow(
      'must contain event.name:="codex.sandbox_outcome" once, in one target',
    );
  });
});
