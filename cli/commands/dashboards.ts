import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import Table from 'cli-table3';
import { UserError } from '../../core/errors.js';
import { log } from '../../core/logger.js';
import { projectRoot } from '../../core/paths.js';
import { countResults } from '../../assertions/assertion.js';
import { runDashboardChecks } from '../../assertions/dashboards/index.js';
import { readLedgerFile } from '../../core/ledger/index.js';
import { readStackEndpoints } from '../../stack/stack-state.js';
import { exportDashboardFiles, writeDashboards } from '../../dashboards/write-dashboards.js';

/** Where a run's ledger is looked for when only --run-id is given. */
function ledgerCandidates(runId: string): string[] {
  return [join(process.cwd(), 'out', runId, 'ledger.json'), join(projectRoot(), 'out', runId, 'ledger.json')];
}

function parseTime(text: string, flag: string): number {
  const asNumber = Number(text);
  if (Number.isFinite(asNumber)) return asNumber < 1e11 ? asNumber * 1000 : asNumber;
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed))
    throw new UserError(`${flag} "${text}" is not a time (expected unix seconds, ms or ISO-8601)`);
  return parsed;
}

interface CheckOptions {
  runId?: string;
  ledger?: string;
  json?: string;
  from?: string;
  to?: string;
  dataDir?: string;
  settle: string;
}

export function registerDashboardsCommands(program: Command): void {
  const dashboards = program
    .command('dashboards')
    .description(
      'Grafana dashboards: render them, export them for any Grafana, check every panel against a run',
    );

  dashboards
    .command('check')
    .description('query every panel as Grafana would and compare it with the run ledger')
    .option(
      '--run-id <id>',
      'run to check (its ledger is read from out/<id>/ledger.json unless --ledger is given)',
    )
    .option('--ledger <file>', 'ledger written by `aimon simulate --ledger`')
    .option('--json <file>', 'write the results as JSON')
    .option('--from <time>', 'dashboard range start (default: run start − 1 min)')
    .option('--to <time>', 'dashboard range end (default: now)')
    .option('--data-dir <dir>', 'stack data directory (to find its endpoints)')
    .option('--settle <seconds>', 're-query failing panels for up to this long', '30')
    .action(async (options: CheckOptions) => {
      const file =
        options.ledger ??
        (options.runId ? ledgerCandidates(options.runId).find((path) => existsSync(path)) : undefined);
      if (!file) {
        throw new UserError(
          options.runId
            ? `no ledger found for run ${options.runId}`
            : 'dashboards check needs --ledger FILE or --run-id ID',
          'write one with `aimon simulate --ledger FILE` and pass it with --ledger',
        );
      }
      const ledger = await readLedgerFile(resolve(file));
      if (options.runId && options.runId !== ledger.runId) {
        throw new UserError(`--run-id ${options.runId} does not match the ledger's run ${ledger.runId}`);
      }
      const settle = Number(options.settle);
      if (!Number.isFinite(settle) || settle < 0)
        throw new UserError(`--settle "${options.settle}" must be a number of seconds >= 0`);
      const fromMs = options.from ? parseTime(options.from, '--from') : ledger.window.startMs - 60_000;
      const toMs = options.to ? parseTime(options.to, '--to') : Date.now();
      if (toMs <= fromMs) throw new UserError('--to must be after --from');
      const endpoints = await readStackEndpoints(options.dataDir);
      log.info(
        `checking dashboards for run ${ledger.runId} over ${new Date(fromMs).toISOString()} … ${new Date(toMs).toISOString()}`,
      );
      const results = await runDashboardChecks({ ledger, endpoints, fromMs, toMs, settleMs: settle * 1000 });

      const table = new Table({
        head: ['panel', 'expected', 'shown', 'result'],
        colWidths: [48, 34, 34, 9],
        wordWrap: true,
        style: { head: [], border: [] },
      });
      for (const result of results) table.push([result.title, result.expected, result.actual, result.status]);
      process.stdout.write(`${table.toString()}\n`);
      for (const result of results.filter((r) => r.status !== 'passed' && r.detail)) {
        log.info(`${result.status}: ${result.title}: ${result.detail}`);
      }
      const counts = countResults(results);
      log.info(
        `${counts.passed}/${counts.total} panel queries correct, ${counts.failed} wrong, ${counts.errored} errored, ${counts.skipped} skipped`,
      );
      if (options.json)
        await writeFile(
          options.json,
          `${JSON.stringify({ runId: ledger.runId, fromMs, toMs, results }, null, 2)}\n`,
        );
      process.exitCode = counts.failed + counts.errored > 0 ? 1 : 0;
    });

  dashboards
    .command('export')
    .argument('<dir>', 'directory to write the dashboards to (created if missing)')
    .description(
      'write import-ready dashboards for any Grafana (Dashboards → New → Import → upload, then pick the datasources)',
    )
    .action((dir: string) => {
      for (const file of exportDashboardFiles(dir)) process.stdout.write(`${file}\n`);
    });

  dashboards
    .command('render')
    .description('regenerate stack/grafana/dashboards/*.json from the specs in dashboards/')
    .action(() => {
      for (const file of writeDashboards()) process.stdout.write(`${file}\n`);
    });
}
