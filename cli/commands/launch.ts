/**
 * `aimon claude [args…]`, `aimon codex [args…]`: run the user's own CLI with its telemetry pointed at the
 * stack. `aimon clients install|list`: the pinned CLIs the real-client tests use, cached outside the repo.
 */
import { AGENT_IDS, AGENTS } from '../../core/agents.js';
import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';
import { log } from '../../core/logger.js';
import { CLIENTS, type ClientName } from '../launch/clients.js';
import { clientInstallDir, installClient, installedClientBin } from '../launch/install-clients.js';
import { parseLaunchArgs } from '../launch/launch-args.js';
import { launchClient } from '../launch/launch-client.js';

const LAUNCH_HELP = `
aimon options (only before the client's own arguments; "--" ends them):
  --bin PATH                  the client executable (default: found on PATH)
  --protocol grpc|http        OTLP transport to the collector (default: grpc; http = HTTP/protobuf)
  --endpoint URL              OTLP endpoint (default: the running stack's, from its state file or the default ports)
  --data-dir DIR              read the stack's endpoints from this data dir
  --team ID                   add team.id=ID to OTEL_RESOURCE_ATTRIBUTES (dashboards group by it)
  --resource-attribute K=V    add K=V to OTEL_RESOURCE_ATTRIBUTES (repeatable; the user's own entries are kept)
  --log-prompts               include prompt text in telemetry (default: redacted)
  --print-env                 print what would be set and exit
  -h, --help                  this help
claude only:
  --export-interval DURATION  OTEL_METRIC_EXPORT_INTERVAL and OTEL_LOGS_EXPORT_INTERVAL (e.g. 5s)
codex only:
  --otel-env NAME             [otel] environment (the "env" resource attribute)

Claude Code gets environment variables (CLAUDE_CODE_ENABLE_TELEMETRY, OTEL_*); Codex gets "-c otel.…" overrides
placed before your arguments, so ~/.codex/config.toml is never rewritten. The exit code is the client's.
Examples:
  aimon claude -p "explain this repo"
  aimon --debug claude --protocol http --team platform -- --version
  aimon codex --print-env exec "fix the tests"`;

function registerClientCommand(program: Command, client: ClientName): void {
  const spec = CLIENTS[client];
  const command = program
    .command(client)
    .description(`run ${spec.displayName} with its telemetry sent to the aimon stack`)
    .usage('[aimon options] [--] [client args…]')
    .argument('[args...]', `arguments for ${spec.binName}`)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText('after', LAUNCH_HELP)
    .action(async () => {
      // The program-level parser consumes some flags anywhere (e.g. --debug); the raw argv keeps them
      // for the client, and only the arguments right after the command name are aimon's.
      const { options, clientArgs } = parseLaunchArgs(argsAfterCommand(rawArgsOf(program), client));
      if (options.help) {
        process.stdout.write(command.helpInformation() + LAUNCH_HELP.trimStart() + '\n');
        return;
      }
      process.exitCode = await launchClient(client, options, clientArgs);
    });
}

/** commander keeps the argv it parsed as `rawArgs` (not in its type declarations). */
function rawArgsOf(program: Command): string[] {
  return (program as unknown as { rawArgs?: string[] }).rawArgs ?? process.argv;
}

/** The arguments after the first occurrence of the command name (skipping node and the script path). */
export function argsAfterCommand(rawArgs: readonly string[], commandName: string): string[] {
  const index = rawArgs.indexOf(commandName, 2);
  return index < 0 ? [] : rawArgs.slice(index + 1);
}

function parseClientNames(names: string[]): ClientName[] {
  if (names.length === 0) return Object.keys(CLIENTS) as ClientName[];
  return names.map((name) => {
    if (name in CLIENTS) return name as ClientName;
    throw new UserError(`unknown client "${name}" (expected ${Object.keys(CLIENTS).join(' or ')})`);
  });
}

export function registerLaunchCommands(program: Command): void {
  for (const agent of AGENT_IDS) registerClientCommand(program, AGENTS[agent].client);

  const clients = program
    .command('clients')
    .description('the pinned real CLIs used by the real-client tests');
  clients
    .command('install')
    .description(
      `npm-install ${Object.values(CLIENTS)
        .map((c) => `${c.npmPackage}@${c.version}`)
        .join(' and ')} into the cache`,
    )
    .argument('[clients...]', 'claude and/or codex (default: both)')
    .option('--force', 'reinstall even when present')
    .action(async (names: string[], opts: { force?: boolean }) => {
      for (const client of parseClientNames(names)) {
        const bin = await installClient(CLIENTS[client], {
          force: opts.force === true,
          onProgress: (line) => log.info(line),
        });
        process.stdout.write(`${client} ${bin}\n`);
      }
    });
  clients
    .command('list')
    .description('show the pinned clients and whether they are installed')
    .action(async () => {
      for (const spec of Object.values(CLIENTS)) {
        const bin = await installedClientBin(spec);
        process.stdout.write(
          `${spec.name}\t${spec.npmPackage}@${spec.version}\t${bin ? `installed ${bin}` : `not installed (${clientInstallDir(spec)})`}\n`,
        );
      }
    });
}
