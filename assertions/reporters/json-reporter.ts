import type { VerifyReport } from '../verify-report.js';

export function renderJson(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
