import type { ExpectedAlert } from '../../core/ledger/index.js';
import { check, describeError, errored, skipped, type AssertionResult } from '../assertion.js';
import {
  alertmanagerAlerts,
  prometheusAlertGroups,
  type ActiveAlert,
  type AlertRuleGroup,
} from '../backends/alert-sources.js';
import { eventually } from '../eventually.js';
import type { Suite } from '../suite.js';

const SUITE = 'alerts';
/** aimon's rule groups (stack/alerts/alert-rules.ts). */
const GROUP_PREFIX = 'aimon-';
const RUN_LABEL = 'aimon_run_id';
/** On top of a rule's `for:` and interval: scrape, evaluation and Alertmanager's group_wait. */
const FIRING_MARGIN_MS = 30_000;
/** The suite runs under verify's 180 s suite deadline. */
const MAX_WAIT_MS = 150_000;

export function matchesExpectation(alert: ActiveAlert, expected: ExpectedAlert, runId: string): boolean {
  if (alert.labels.alertname !== expected.alert || alert.labels[RUN_LABEL] !== runId) return false;
  return Object.entries(expected.labels ?? {}).every(([k, v]) => alert.labels[k] === v);
}

/** The run's pending or firing alerts that no expectation accounts for. */
export function unexpectedAlerts(
  alerts: readonly ActiveAlert[],
  expected: readonly ExpectedAlert[],
  runId: string,
): ActiveAlert[] {
  return alerts.filter(
    (a) => a.labels[RUN_LABEL] === runId && !expected.some((e) => matchesExpectation(a, e, runId)),
  );
}

export function describeAlert(alert: ActiveAlert): string {
  const labels = Object.entries(alert.labels)
    .filter(([k]) => k !== 'alertname' && k !== RUN_LABEL)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  return `${alert.labels.alertname ?? '?'}{${labels}} ${alert.state}`;
}

function allAlerts(groups: readonly AlertRuleGroup[]): ActiveAlert[] {
  return groups.flatMap((g) => g.rules.flatMap((r) => r.alerts));
}

function describeExpectation(e: ExpectedAlert): string {
  const labels = Object.entries(e.labels ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${e.alert}{${labels.join(', ')}}`;
}

/**
 * The scenario's declared alerts fire for the run (in Prometheus and in Alertmanager), and no other alert of the run
 * is pending or firing once every aimon rule group has been evaluated on the settled data.
 */
export const alertsSuite: Suite = {
  id: SUITE,
  title: 'Alerts (expected ones fire, nothing else)',
  async run(ctx) {
    const expected = ctx.ledger.expectedAlerts;
    const runId = ctx.ledger.runId;
    if (expected === undefined)
      return [
        skipped({
          id: `${SUITE}.declared`,
          suite: SUITE,
          title: 'alerts the scenario expects',
          detail: 'the scenario declares no expectAlerts',
        }),
      ];
    const alertmanager = ctx.endpoints.alertmanager;
    if (!alertmanager)
      return [
        skipped({
          id: `${SUITE}.alertmanager`,
          suite: SUITE,
          title: 'Alertmanager of the stack',
          detail: 'no Alertmanager to check (a stack named by flags, or one aimon started before it ran one)',
        }),
      ];
    const prometheus = ctx.endpoints.prometheus;
    const results: AssertionResult[] = [];
    const startedMs = Date.now();

    // 1. Every aimon group evaluated at least once after the data settled.
    let groups: AlertRuleGroup[];
    try {
      groups = (await prometheusAlertGroups(prometheus)).filter((g) => g.name.startsWith(GROUP_PREFIX));
    } catch (error) {
      return [
        errored({
          id: `${SUITE}.rules`,
          suite: SUITE,
          title: 'aimon rule groups',
          detail: describeError(error),
        }),
      ];
    }
    if (groups.length === 0)
      return [
        errored({
          id: `${SUITE}.rules`,
          suite: SUITE,
          title: 'aimon rule groups',
          detail: `Prometheus at ${prometheus} has no rule group named ${GROUP_PREFIX}* loaded`,
        }),
      ];
    const longestIntervalMs = Math.max(...groups.map((g) => g.intervalMs));
    const evaluated = await eventually(
      async () => (await prometheusAlertGroups(prometheus)).filter((g) => g.name.startsWith(GROUP_PREFIX)),
      (gs) => gs.every((g) => g.lastEvaluationMs >= startedMs),
      { timeoutMs: 2 * longestIntervalMs + 10_000, intervalMs: 500 },
    );
    groups = evaluated.value ?? groups;
    const forOf = new Map(
      groups.flatMap((g) => g.rules.map((r) => [r.name, r.forMs + g.intervalMs] as const)),
    );

    // 2. Each expected alert fires in Prometheus and reaches Alertmanager.
    for (const e of expected) {
      const base = {
        suite: SUITE,
        id: `${SUITE}.fires.${e.alert}`,
        title: `${describeExpectation(e)} fires`,
      };
      const waitMs = Math.min(MAX_WAIT_MS, (forOf.get(e.alert) ?? 0) + FIRING_MARGIN_MS);
      const query = `${prometheus}/api/v1/rules?type=alert, ${alertmanager}/api/v2/alerts?filter=${RUN_LABEL}="${runId}"`;
      try {
        const outcome = await eventually(
          async () => {
            const fired = allAlerts(await prometheusAlertGroups(prometheus)).filter(
              (a) => a.state === 'firing' && matchesExpectation(a, e, runId),
            );
            const delivered = (
              await alertmanagerAlerts(alertmanager, { label: RUN_LABEL, value: runId })
            ).filter((a) => a.state === 'active' && matchesExpectation(a, e, runId));
            return { fired, delivered };
          },
          (v) => v.fired.length > 0 && v.delivered.length > 0,
          { timeoutMs: waitMs, intervalMs: 1000 },
        );
        const v = outcome.value ?? { fired: [], delivered: [] };
        const pending = allAlerts(groups).filter((a) => matchesExpectation(a, e, runId));
        results.push(
          check(outcome.settled, {
            ...base,
            expected: 'firing in Prometheus and active in Alertmanager',
            actual:
              v.fired.length > 0
                ? `firing (${v.fired.map(describeAlert).join('; ')}), ${v.delivered.length} in Alertmanager`
                : pending.length > 0
                  ? pending.map(describeAlert).join('; ')
                  : 'not pending or firing',
            detail: outcome.settled
              ? ''
              : `not firing in both within ${Math.round(waitMs / 1000)} s` +
                (outcome.lastError ? ` (${describeError(outcome.lastError)})` : ''),
            query,
          }),
        );
      } catch (error) {
        results.push(errored({ ...base, detail: describeError(error) }));
      }
    }

    // 3. Nothing else: no other alert of this run is pending or firing.
    const base = {
      suite: SUITE,
      id: `${SUITE}.nothing-else`,
      title: 'no other alert pending or firing for the run',
    };
    try {
      const others = unexpectedAlerts(allAlerts(await prometheusAlertGroups(prometheus)), expected, runId);
      results.push(
        check(others.length === 0, {
          ...base,
          expected:
            expected.length === 0 ? 'no alert' : `only ${expected.map(describeExpectation).join(', ')}`,
          actual: others.length === 0 ? 'none' : others.map(describeAlert).join('; '),
          detail: others.length === 0 ? '' : `${others.length} alert(s) the scenario does not expect`,
          query: `${prometheus}/api/v1/rules?type=alert (alerts with ${RUN_LABEL}="${runId}")`,
        }),
      );
    } catch (error) {
      results.push(errored({ ...base, detail: describeError(error) }));
    }
    return results;
  },
};
