import { describe, expect, it } from 'vitest';
import type { ActiveAlert } from '../backends/alert-sources.js';
import { describeAlert, matchesExpectation, unexpectedAlerts } from './alerts.js';

const alert = (labels: Record<string, string>, state = 'firing'): ActiveAlert => ({
  labels,
  state,
  activeAtMs: 0,
});
const spike = alert({
  alertname: 'AimonSpendSpike',
  user: 'a@x',
  team_id: 'platform',
  aimon_run_id: 'run-1',
});

describe('alerts suite logic', () => {
  it('matches an expectation by name, run and every declared label', () => {
    expect(matchesExpectation(spike, { alert: 'AimonSpendSpike' }, 'run-1')).toBe(true);
    expect(
      matchesExpectation(spike, { alert: 'AimonSpendSpike', labels: { team_id: 'platform' } }, 'run-1'),
    ).toBe(true);
    expect(matchesExpectation(spike, { alert: 'AimonSpendSpike', labels: { team_id: 'web' } }, 'run-1')).toBe(
      false,
    );
    expect(matchesExpectation(spike, { alert: 'AimonSpendSpike' }, 'run-2')).toBe(false);
    expect(matchesExpectation(spike, { alert: 'AimonDailySpendOverBudget' }, 'run-1')).toBe(false);
  });

  it("lists the run's alerts nothing expects, pending ones too, and ignores other runs'", () => {
    const pending = alert(
      { alertname: 'AimonApiErrorRateHigh', team_id: 'web', aimon_run_id: 'run-1' },
      'pending',
    );
    const otherRun = alert({ alertname: 'AimonSpendSpike', aimon_run_id: 'run-0' });
    const noRun = alert({ alertname: 'AimonTeamSilent', team_id: 'web' });
    expect(
      unexpectedAlerts([spike, pending, otherRun, noRun], [{ alert: 'AimonSpendSpike' }], 'run-1'),
    ).toEqual([pending]);
    expect(unexpectedAlerts([spike], [], 'run-1')).toEqual([spike]);
  });

  it('describes an alert without its run id', () => {
    expect(describeAlert(spike)).toBe('AimonSpendSpike{user="a@x", team_id="platform"} firing');
  });
});
