import { describe, expect, it } from 'vitest';
import { BREAKDOWN_KEY_SEPARATOR, type LedgerBreakdown } from '../../core/ledger/index.js';
import { fromSnapshots } from './pipeline-health.js';
import { breakdownQuery, compareBreakdown, rowsToValues } from './content.js';
import { distinguishingLabels, expectedLabels, labelKey } from './metrics.js';
import { bucketSizeFor } from './completeness.js';
import type { PipelineSnapshot } from '../pipeline-snapshot.js';

const costByModelUser: LedgerBreakdown = {
  id: 'cost.by_model_user',
  title: 'Cost by model and user',
  agent: 'claude_code',
  event: 'claude_code.api_request',
  by: ['model', 'user.id'],
  op: 'sum',
  field: 'cost_usd',
  values: { [`opus${BREAKDOWN_KEY_SEPARATOR}u1`]: 0.5, [`sonnet${BREAKDOWN_KEY_SEPARATOR}u1`]: 0.25 },
};

describe('content suite logic', () => {
  it('builds a LogsQL stats query from a breakdown', () => {
    expect(breakdownQuery('r1', costByModelUser)).toBe(
      'aimon.run_id:="r1" event.name:="api_request" _msg:="claude_code.api_request" | stats by (model, user.id) sum(cost_usd) as aimon_value',
    );
    expect(
      breakdownQuery('r1', {
        ...costByModelUser,
        event: 'codex.sse_event',
        where: { 'event.kind': 'response.completed' },
        by: [],
        op: 'count',
        field: undefined,
      }),
    ).toBe(
      'aimon.run_id:="r1" event.name:="codex.sse_event" event.kind:="response.completed" | stats count() as aimon_value',
    );
  });

  it('names each wrong group and passes within tolerance', () => {
    const rows = [
      { model: 'opus', 'user.id': 'u1', aimon_value: String(0.5 * (1 + 1e-12)) },
      { model: 'sonnet', 'user.id': 'u1', aimon_value: '0.24' },
      { model: 'haiku', 'user.id': 'u2', aimon_value: '0.01' },
    ];
    const result = compareBreakdown(costByModelUser, rowsToValues(costByModelUser, rows), 'q');
    expect(result.status).toBe('failed');
    expect(result.detail).toBe(
      'claude_code.api_request sum(cost_usd) [model="haiku", user.id="u2"]: not expected, got 0.01; ' +
        'claude_code.api_request sum(cost_usd) [model="sonnet", user.id="u1"]: expected 0.25, got 0.24',
    );
    const ok = compareBreakdown(
      costByModelUser,
      rowsToValues(
        costByModelUser,
        rows.slice(0, 1).concat({ model: 'sonnet', 'user.id': 'u1', aimon_value: '0.25' }),
      ),
      'q',
    );
    expect(ok.status).toBe('passed');
  });

  it('reports a group the backend does not have', () => {
    const result = compareBreakdown(
      costByModelUser,
      new Map([[`opus${BREAKDOWN_KEY_SEPARATOR}u1`, 0.5]]),
      'q',
    );
    expect(result.detail).toContain('[model="sonnet", user.id="u1"]: expected 0.25, got nothing');
  });
});

describe('metrics suite logic', () => {
  it('derives the exact Prometheus label set from resource and point attributes', () => {
    const labels = expectedLabels({
      resource: { 'service.name': 'claude-code', 'aimon.run_id': 'r', 'os.type': 'linux' },
      attributes: { 'session.id': 's', 'anthropic.custom_base_url': false, type: 'input', empty: '' },
    });
    expect(labels).toEqual({
      service_name: 'claude-code',
      aimon_run_id: 'r',
      os_type: 'linux',
      session_id: 's',
      anthropic_custom_base_url: 'false',
      type: 'input',
    });
    expect(
      labelKey({ ...labels, job: 'claude-code', instance: 'x', otel_scope_name: 'y', __name__: 'n' }),
    ).toBe(labelKey(labels));
  });

  it('shows only the labels that tell series apart', () => {
    expect(
      distinguishingLabels([
        { a: '1', b: 'x' },
        { a: '2', b: 'x' },
      ]),
    ).toEqual(['a']);
  });
});

describe('completeness buckets', () => {
  it('keeps at most ~1000 buckets of at least 1000 seqs', () => {
    expect(bucketSizeFor(0, 14_999)).toBe(1000);
    expect(bucketSizeFor(0, 5_999_999)).toBe(6000);
  });
});

describe('pipeline health logic', () => {
  const snapshot = (failed: number, dropped: number): PipelineSnapshot => ({
    atMs: 0,
    collector: { otelcol_exporter_send_failed_log_records_total: failed },
    victoriaLogs: { rowsDropped: dropped, rowsIngested: 0 },
  });
  it('fails on any increase and names the counter', () => {
    const results = fromSnapshots(snapshot(2, 0), snapshot(5, 1));
    const failed = results.filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.id)).toEqual([
      'health.otelcol_exporter_send_failed_log_records_total',
      'health.vl_rows_dropped_total',
    ]);
    expect(failed[0]!.detail).toBe(
      'otelcol_exporter_send_failed_log_records_total went from 2 to 5 (collector :8888 before/after)',
    );
  });
  it('counts enqueue failures (a full persistent queue refusing records) as failures', () => {
    const before: PipelineSnapshot = { ...snapshot(0, 0), collector: {} };
    const after: PipelineSnapshot = {
      ...snapshot(0, 0),
      collector: { otelcol_exporter_enqueue_failed_log_records_total: 1024 },
    };
    const failed = fromSnapshots(before, after).filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.id)).toEqual(['health.otelcol_exporter_enqueue_failed_log_records_total']);
  });
  it('calls a read-only VictoriaLogs (disk full) unhealthy', () => {
    const readOnly: PipelineSnapshot = {
      ...snapshot(0, 0),
      victoriaLogs: { rowsDropped: 0, rowsIngested: 0, readOnly: 1 },
    };
    const failed = fromSnapshots(snapshot(0, 0), readOnly).filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.id)).toEqual(['health.vl_storage_is_read_only']);
  });
  it('errors when a counter source was unreachable', () => {
    const results = fromSnapshots(
      { ...snapshot(0, 0), collectorError: 'collector self-metrics: unreachable' },
      snapshot(0, 0),
    );
    expect(results[0]!.status).toBe('errored');
  });
});

describe('event names in VictoriaLogs', () => {
  it('qualifies rows and filters them back', async () => {
    const { eventFilter, qualifiedEventOf } = await import('../logsql.js');
    expect(qualifiedEventOf('claude_code.api_request', 'api_request')).toBe('claude_code.api_request');
    expect(qualifiedEventOf('missing _msg field; see https://docs', 'codex.sse_event')).toBe(
      'codex.sse_event',
    );
    expect(qualifiedEventOf('flushing OTEL metrics', undefined)).toBe('flushing OTEL metrics');
    expect(qualifiedEventOf('missing _msg field; see https://docs', undefined)).toBe('(no event.name)');
    expect(eventFilter('flushing OTEL metrics')).toBe('_msg:="flushing OTEL metrics"');
    expect(eventFilter('codex.sse_event')).toBe('event.name:="codex.sse_event"');
  });
});
