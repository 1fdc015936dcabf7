import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../test/support/pure/sample-report.js';
import { renderConsole } from './console-reporter.js';
import { lagHistogram, renderHtml } from './html-reporter.js';
import { renderJson } from './json-reporter.js';
import { renderJunit } from './junit-reporter.js';
import { thresholdAssertions, type ThresholdOutcome } from '../thresholds.js';

describe('reporters', () => {
  it('JUnit lists every assertion as a testcase, failure vs error vs skipped', () => {
    const xml = renderJunit(sampleReport());
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain(
      '<testsuites name="aimon verify r-sample" tests="4" failures="1" errors="1" skipped="1"',
    );
    expect(xml).toContain(
      '<failure message="expected 1000 distinct seqs, each once, got 900 present, 100 missing, 1 duplicate records" type="AssertionFailed">',
    );
    expect(xml).toContain('1 extra record &lt;&amp;&gt;"</failure>');
    expect(xml).toContain(
      '<error message="Prometheus: unreachable at http://127.0.0.1:1" type="BackendError">',
    );
    expect(xml).toContain('<skipped message="no probes"/>');
    expect(xml).toContain('name="completeness.seq: Every aimon.seq stored exactly once"');
  });

  it('JSON round-trips the report', () => {
    const report = sampleReport();
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });

  it('console table shows each assertion, the failure details and the verdict', () => {
    const text = renderConsole(sampleReport());
    expect(text).toContain('Every aimon.seq stored exactly once');
    expect(text).toContain('FAIL completeness.seq: missing seq 100-199 (100 records)');
    expect(text).toContain('ERROR metrics.x: Prometheus: unreachable');
    expect(text).toMatch(
      /FAILED: 1 passed, 1 failed, 1 errored, 1 skipped \(run r-sample, verdict 3\.2 s after the load\)/,
    );
  });

  it('HTML is one self-contained page with chart.js inlined and data embedded safely', () => {
    const html = renderHtml(sampleReport());
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).toContain('Chart.defaults.animation = false');
    expect(html.length).toBeGreaterThan(100_000);
    expect(html).toContain('1 extra record &lt;&amp;&gt;&quot;');
    const injected = renderHtml(sampleReport({ scenario: '</script><script>alert(1)</script>' }));
    expect(injected).not.toContain('<script>alert(1)');
  });

  it('k6-style thresholds reach every report: console summary, JUnit testcases, JSON, HTML', () => {
    const outcomes: ThresholdOutcome[] = [
      { metric: 'lag_ms', source: 'p(99)<2000', status: 'passed', actual: 412, display: 'p(99)=412ms' },
      { metric: 'ingest_rate', source: 'avg>1e9', status: 'failed', actual: 987.5, display: 'avg=987.5' },
    ];
    const base = sampleReport();
    const results = [...base.results, ...thresholdAssertions(outcomes)];
    const report = sampleReport({
      results,
      counts: {
        ...base.counts,
        total: results.length,
        passed: base.counts.passed + 1,
        failed: base.counts.failed + 1,
      },
      thresholds: outcomes,
      load: {
        model: 'rate',
        timeScale: null,
        durationMs: 60_000,
        sessions: 460,
        metricSeries: 6900,
        sessionsPerMin: 460,
        seriesPerMin: 6900,
      },
    });
    const text = renderConsole(report);
    expect(text).toContain("    lag_ms\n    ✓ 'p(99)<2000' p(99)=412ms");
    expect(text).toContain("    ingest_rate\n    ✗ 'avg>1e9' avg=987.5");
    expect(text).toContain("FAIL thresholds.ingest_rate.1: ingest_rate 'avg>1e9' crossed: avg=987.5");
    expect(text).toContain(
      'load: rate model; 460 sessions/min and 6,900 metric series/min started (wall clock)',
    );
    const xml = renderJunit(report);
    expect(xml).toContain('<testsuite name="aimon.verify.thresholds" tests="2" failures="1"');
    expect(xml).toContain('<failure message="expected avg&gt;1e9, got avg=987.5" type="AssertionFailed">');
    expect(JSON.parse(renderJson(report)).thresholds).toEqual(outcomes);
    const html = renderHtml(report);
    expect(html).toContain(
      `<li class="failed"><span class="mark">✗</span> <code>ingest_rate</code> <code>'avg&gt;1e9'</code> avg=987.5</li>`,
    );
  });

  it('bins lags into round widths', () => {
    const bins = lagHistogram([0, 5, 99, 150]);
    expect(bins.labels).toHaveLength(16);
    expect(bins.labels[15]).toBe('150–160 ms');
    expect(bins.counts[0]).toBe(2);
    expect(lagHistogram([]).counts).toEqual([]);
    expect(lagHistogram([1000, 2000]).labels[0]).toBe('0–100 ms');
  });
});
