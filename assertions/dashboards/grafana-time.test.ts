import { describe, expect, it } from 'vitest';
import {
  formatIntervalMs,
  frontendIntervalMs,
  goDurationString,
  prometheusStepMs,
  rateIntervalMs,
  roundIntervalMs,
  victoriaLogsStepMs,
} from './grafana-time.js';
import {
  addTimeFilter,
  interpolateLogsQL,
  interpolatePrometheus,
  replacePrometheusBuiltins,
  type VariableValue,
} from './interpolate.js';

describe('Grafana interval arithmetic', () => {
  it('rounds and formats like gtime', () => {
    expect(roundIntervalMs(1200)).toBe(1000);
    expect(roundIntervalMs((24 * 3600_000) / 300)).toBe(300_000);
    expect(formatIntervalMs(300_000)).toBe('5m');
    expect(formatIntervalMs(5000)).toBe('5s');
    expect(goDurationString(60_000)).toBe('1m0s');
    expect(goDurationString(5000)).toBe('5s');
  });

  it('derives the step of a 10-minute graph with 300 points and a 5 s minimum', () => {
    const rangeMs = 600_000;
    const intervalMs = frontendIntervalMs(rangeMs, 300, 5000);
    expect(intervalMs).toBe(5000);
    expect(prometheusStepMs(rangeMs, 300, intervalMs)).toBe(5000);
    expect(victoriaLogsStepMs(rangeMs, 300, intervalMs)).toBe(5000);
    expect(rateIntervalMs(5000, 5000)).toBe(20_000);
  });
});

describe('variable interpolation', () => {
  const vars = new Map<string, VariableValue>([
    ['run', { name: 'run', value: 'r-1', includeAll: false, multi: false }],
    ['user', { name: 'user', includeAll: true, multi: false, allValue: '.*' }],
    ['model', { name: 'model', value: 'gpt-5.1', includeAll: true, multi: false, allValue: '.*' }],
  ]);

  it('formats PromQL regex matchers as the Prometheus datasource does', () => {
    expect(interpolatePrometheus('x{a=~"$run", u=~"$user", m=~"$model"}', vars)).toBe(
      'x{a=~"r-1", u=~".*", m=~"gpt-5\\\\.1"}',
    );
  });

  it('formats LogsQL regex filters as the VictoriaLogs plugin does', () => {
    expect(interpolateLogsQL('aimon.run_id:~"^${run}$" user.id:~"^${user}$"', vars)).toBe(
      'aimon.run_id:~"^(r-1)$" user.id:~"^.*$"',
    );
  });

  it('replaces the range variables and prepends the time filter', () => {
    const range = { fromMs: 1_000_000, toMs: 4_600_000 };
    expect(
      replacePrometheusBuiltins(
        'x offset $__range [$__interval]',
        range,
        { ms: 5000, text: '5s' },
        { ms: 20_000, text: '20s' },
      ),
    ).toBe('x offset 3600s [5s]');
    expect(addTimeFilter('a:=b | stats count()', range)).toBe('_time:[1000, 4600] a:=b | stats count()');
  });
});
