import type { AssertionResult } from '../assertion.js';
import type { VerifyReport } from '../verify-report.js';

/** JUnit XML: one testsuite per suite, every assertion a testcase; failed → <failure>, errored → <error>. */
export function renderJunit(report: VerifyReport): string {
  const bySuite = new Map<string, AssertionResult[]>();
  for (const result of report.results) {
    const list = bySuite.get(result.suite) ?? [];
    list.push(result);
    bySuite.set(result.suite, list);
  }
  const durations = new Map(report.suites.map((s) => [s.suite, s.durationMs]));
  const suites = [...bySuite.entries()].map(([suite, results]) => {
    const failures = results.filter((r) => r.status === 'failed').length;
    const errors = results.filter((r) => r.status === 'errored').length;
    const skippedCount = results.filter((r) => r.status === 'skipped').length;
    const time = ((durations.get(suite) ?? 0) / 1000).toFixed(3);
    const cases = results.map((r) => testcase(r)).join('\n');
    return (
      `  <testsuite name="${attr(`aimon.verify.${suite}`)}" tests="${results.length}" failures="${failures}" ` +
      `errors="${errors}" skipped="${skippedCount}" time="${time}" timestamp="${attr(report.startedAt)}">\n${cases}\n  </testsuite>`
    );
  });
  const { counts } = report;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${attr(`aimon verify ${report.runId}`)}" tests="${counts.total}" failures="${counts.failed}" ` +
    `errors="${counts.errored}" skipped="${counts.skipped}" time="${(report.suitesDurationMs / 1000).toFixed(3)}">\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  );
}

function testcase(result: AssertionResult): string {
  const open = `    <testcase classname="${attr(`aimon.verify.${result.suite}`)}" name="${attr(`${result.id}: ${result.title}`)}">`;
  const out = `      <system-out>${text(`expected: ${result.expected}\nactual: ${result.actual}\nquery: ${result.query}`)}</system-out>`;
  const message = `expected ${result.expected}, got ${result.actual}`;
  switch (result.status) {
    case 'passed':
      return `${open}\n${out}\n    </testcase>`;
    case 'failed':
      return `${open}\n      <failure message="${attr(message)}" type="AssertionFailed">${text(result.detail)}</failure>\n${out}\n    </testcase>`;
    case 'errored':
      return `${open}\n      <error message="${attr(result.detail)}" type="BackendError">${text(result.detail)}</error>\n${out}\n    </testcase>`;
    case 'skipped':
      return `${open}\n      <skipped message="${attr(result.detail)}"/>\n    </testcase>`;
  }
}

function text(value: string): string {
  // Characters XML 1.0 forbids are dropped; the rest escaped.
  return [...value]
    .filter((ch) => isXmlChar(ch.codePointAt(0)!))
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    code >= 0x10000
  );
}
