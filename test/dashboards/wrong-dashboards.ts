/**
 * Deliberately wrong copies of the real dashboards, for proving `aimon dashboards check` catches a wrong panel query.
 * Each mistake is one edit to one panel's query text in the generated dashboard JSON; everything else stays the real
 * dashboard, so the check must fail on exactly these panels.
 */
import { panelsOf, type DashboardJson } from '../../assertions/dashboards/index.js';

export interface WrongPanel {
  /** Dashboard uid. */
  dashboard: string;
  /** The panel's title in the real dashboard. */
  panel: string;
  /** The mistake, appended to the title: "<title> (WRONG: <mistake>)". */
  mistake: string;
  /** The text of the real query to replace, and what replaces it. */
  replace: string;
  with: string;
}

export const WRONG_PANELS: readonly WrongPanel[] = [
  {
    dashboard: 'aimon-claude-code',
    panel: 'Sessions',
    // session.count is one point of 1 per session: plain increase() needs two samples and extrapolates.
    mistake: 'increase over one-shot series',
    replace: '[$__range] anchored)',
    with: '[$__range])',
  },
  {
    dashboard: 'aimon-claude-code',
    panel: 'Tool success rate',
    // A successful tool result has no error_type: this counts no success at all.
    mistake: 'filter',
    replace: 'count() if (success:="true") succeeded',
    with: 'count() if (success:=true AND error_type:*) succeeded',
  },
  {
    dashboard: 'aimon-codex',
    panel: 'Sandbox denials',
    // Codex event names carry the "codex." prefix; Claude Code's do not.
    mistake: 'Claude-style unprefixed event name',
    replace: 'event.name:="codex.sandbox_outcome"',
    with: 'event.name:="sandbox_outcome"',
  },
];

export function wrongTitle(wrong: WrongPanel): string {
  return `${wrong.panel} (WRONG: ${wrong.mistake})`;
}

/**
 * Copies of `dashboards` with every WRONG_PANELS mistake applied (dashboards without one are left out). Throws when
 * a mistake no longer applies (panel gone, or its query text changed): the test would otherwise prove nothing.
 */
export function wrongDashboards(dashboards: readonly DashboardJson[]): DashboardJson[] {
  const uids = new Set(WRONG_PANELS.map((wrong) => wrong.dashboard));
  const copies = dashboards.filter((d) => uids.has(d.uid)).map((d) => structuredClone(d));
  for (const wrong of WRONG_PANELS) {
    const dashboard = copies.find((d) => d.uid === wrong.dashboard);
    const panel = dashboard && panelsOf(dashboard).find((p) => p.title === wrong.panel);
    if (!panel) throw new Error(`wrong dashboards: no panel "${wrong.panel}" in ${wrong.dashboard}`);
    const targets = (panel.targets ?? []).filter((t) => t.expr?.includes(wrong.replace));
    if (targets.length !== 1 || targets[0]!.expr!.split(wrong.replace).length !== 2)
      throw new Error(
        `wrong dashboards: ${wrong.dashboard} › ${wrong.panel} must contain ${wrong.replace} once, in one target`,
      );
    targets[0]!.expr = targets[0]!.expr!.replace(wrong.replace, wrong.with);
    panel.title = wrongTitle(wrong);
  }
  return copies;
}
