import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import Table from 'cli-table3';
import { listBuiltinScenarios, loadScenario } from '../../scenarios/load-scenario.js';
import type { Scenario } from '../../scenarios/scenario-schema.js';

/** The scenario's load model, as it says (or implies: population: means the population model). */
function loadModelOf(scenario: Scenario): 'rate' | 'population' {
  return scenario.loadModel ?? (scenario.population ? 'population' : 'rate');
}

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
            all.map((s) => ({
              name: s.name,
              file: s.file,
              loadModel: loadModelOf(s.scenario),
              ...s.scenario,
            })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      const table = new Table({
        head: ['name', 'model', 'rate', 'duration', 'description'],
        style: { head: [], border: [] },
      });
      for (const s of all) {
        const sc = s.scenario;
        const named = sc.scenarios ? Object.keys(sc.scenarios) : undefined;
        const model = loadModelOf(sc) + (sc.timeScale !== undefined ? ` ×${sc.timeScale}` : '');
        const rate =
          sc.rate ??
          (sc.stages
            ? `${sc.stages.length} stages`
            : named
              ? `${named.length} named (${named.join(', ')})`
              : sc.population?.users !== undefined
                ? `${sc.population.users} people`
                : '');
        const duration = sc.duration ?? (sc.stages || named ? 'ramp' : '');
        table.push([s.name, model, rate, duration, sc.description ?? '']);
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
