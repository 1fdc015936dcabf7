/**
 * Verify against small hand-made runs (OTLP/HTTP JSON straight to the collector, ledger built alongside): exact
 * control over faults, independent of the simulator. Set AIMON_VERIFY_DEV_STACK=1 to use the running dev stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssertionResult } from '../../assertions/assertion.js';
import { CORE_SUITES } from '../../assertions/default-suites.js';
import { renderConsole } from '../../assertions/reporters/console-reporter.js';
import { verifyLedger, verifyLive } from '../../assertions/verify-session.js';
import type { StackEndpoints } from '../../core/endpoints.js';
import type { RunLedger } from '../../core/ledger/index.js';
import { sendHandRun } from '../support/live/hand-run.js';
import { verifyStack } from '../support/live/verify-stack.js';

let endpoints: StackEndpoints;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ endpoints, stop } = await verifyStack());
});
afterAll(async () => {
  await stop?.();
});

function byId(results: AssertionResult[], id: string): AssertionResult {
  const found = results.find((r) => r.id === id);
  if (!found) throw new Error(`no result ${id} in ${results.map((r) => r.id).join(', ')}`);
  return found;
}

describe('verify against hand-made runs', () => {
  let clean: RunLedger;

  it('passes every suite for a clean run', async () => {
    const { report, ledger } = await verifyLive({
      endpoints,
      suites: CORE_SUITES,
      load: () => sendHandRun({ otlpHttp: endpoints.otlpHttp, records: 3000 }),
      scrapesAfterExport: 1,
    });
    clean = ledger;
    process.stderr.write(renderConsole(report));
    expect(report.results.filter((r) => r.status !== 'passed' && r.status !== 'skipped')).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.lag?.count).toBeGreaterThan(0);
  });

  it('names exactly the withheld seq ranges and the duplicated seqs by value', async () => {
    const { report } = await verifyLive({
      endpoints,
      suites: CORE_SUITES.filter((s) => s.id === 'completeness'),
      load: () =>
        sendHandRun({
          otlpHttp: endpoints.otlpHttp,
          records: 2500,
          withhold: [
            [100, 199],
            [2047, 2047],
          ],
          duplicate: [
            [42, 42],
            [1500, 1502],
          ],
        }),
      probeIntervalMs: 0,
      scrapesAfterExport: 0,
    });
    const seq = byId(report.results, 'completeness.seq');
    expect(seq.status).toBe('failed');
    expect(seq.detail).toContain('missing seq 100-199 (100 records), 2047 (1 record); total 101');
    expect(seq.detail).toContain('duplicated seq 42 ×2, 1500-1502 ×2; 4 extra records');
    expect(byId(report.results, 'completeness.total').actual).toBe(String(2500 - 101 + 4));
  });

  it('names the wrong figure of a ledger edited by hand', async () => {
    const edited: RunLedger = structuredClone(clean);
    edited.eventCounts['claude_code.tool_decision']! += 1;
    const cost = edited.breakdowns.find((b) => b.id === 'api_request.cost_usd.by_model')!;
    cost.values['claude-opus-4-5'] = cost.values['claude-opus-4-5']! * (1 + 1e-6);
    const tokens = edited.metrics.find(
      (m) => m.name === 'claude_code.token.usage' && m.attributes.model === 'claude-sonnet-4-5',
    )!;
    tokens.value += 7;
    const report = await verifyLedger(edited, { endpoints, suites: CORE_SUITES });
    const events = byId(report.results, 'completeness.event.claude_code.tool_decision');
    expect(events.status).toBe('failed');
    expect(events.detail).toContain(
      `expected ${edited.eventCounts['claude_code.tool_decision']}, got ${clean.eventCounts['claude_code.tool_decision']}`,
    );
    const costResult = byId(report.results, 'content.api_request.cost_usd.by_model');
    expect(costResult.status).toBe('failed');
    expect(costResult.detail).toMatch(/model="claude-opus-4-5"\]: expected [0-9.]+, got [0-9.]+/);
    expect(costResult.detail).not.toContain('claude-sonnet-4-5');
    const metric = byId(report.results, 'metrics.claude_code.token.usage');
    expect(metric.status).toBe('failed');
    expect(metric.detail).toContain(
      `claude_code_token_usage_tokens_total{model="claude-sonnet-4-5"} value: expected ${tokens.value}, got ${tokens.value - 7}`,
    );
    // The untouched figures still pass.
    expect(byId(report.results, 'content.api_request.by_model').status).toBe('passed');
    expect(byId(report.results, 'metrics.claude_code.cost.usage').status).toBe('passed');
  });

  it('keeps float sums within 1e-9 relative tolerance but not beyond', async () => {
    const edited: RunLedger = structuredClone(clean);
    const cost = edited.breakdowns.find((b) => b.id === 'api_request.cost_usd.by_model')!;
    cost.values['claude-opus-4-5'] = cost.values['claude-opus-4-5']! * (1 + 1e-12);
    const report = await verifyLedger(edited, {
      endpoints,
      suites: CORE_SUITES.filter((s) => s.id === 'content'),
    });
    expect(byId(report.results, 'content.api_request.cost_usd.by_model').status).toBe('passed');
  });
});
