import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import Table from 'cli-table3';
import { listBuiltinScenarios, loadScenario } from '../../scenarios/load-scenario.js';

export function registerScenariosCommands(program: Command): void {
  const scenarios = program
    .command('scenarios')
    .description('built-in load scenarios for `aimon simulate --scenario`');
  scenarios
    .command('list')
    .description('list the built-in scenarios')
    .option('--json', 'print as JSON')
    .action(async (flags: { json?: boolean }) => {
      const all = await listBuiltinScenarios();
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify(
            all.map((s) => ({ name: s.name, file: s.file, ...s.scenario })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      const table = new Table({
        head: ['name', 'rate', 'duration', 'description'],
        style: { head: [], border: [] },
      });
      for (const s of all) {
        const rate = s.scenario.rate ?? (s.scenario.stages ? `${s.scenario.stages.length} stages` : '');
        const duration = s.scenario.duration ?? (s.scenario.stages ? 'ramp' : '');
        table.push([s.name, rate, duration, s.scenario.description ?? '']);
      }
      process.stdout.write(`${table.toString()}\n`);
    });
  scenarios
    .command('show <name>')
    .description('print a scenario (built-in name or file) as YAML, after validating it')
    .action(async (name: string) => {
      const loaded = await loadScenario(name);
      process.stdout.write(`# ${loaded.file}\n${await readFile(loaded.file, 'utf8')}`);
    });
}
