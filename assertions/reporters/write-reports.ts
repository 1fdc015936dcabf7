import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { VerifyReport } from '../verify-report.js';
import { renderHtml } from './html-reporter.js';
import { renderJson } from './json-reporter.js';
import { renderJunit } from './junit-reporter.js';

export interface ReportPaths {
  junit?: string;
  json?: string;
  html?: string;
}

/** Writes each requested report; returns the absolute paths written. */
export async function writeReports(report: VerifyReport, paths: ReportPaths): Promise<string[]> {
  const written: string[] = [];
  const write = async (path: string | undefined, render: (r: VerifyReport) => string): Promise<void> => {
    if (!path) return;
    const absolute = resolve(path);
    await mkdir(dirname(absolute), { recursive: true });
    await writeFile(absolute, render(report));
    written.push(absolute);
  };
  await write(paths.junit, renderJunit);
  await write(paths.json, renderJson);
  await write(paths.html, renderHtml);
  return written;
}
