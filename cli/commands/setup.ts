/**
 * `aimon setup claude|codex`: persistent telemetry settings for the clients as people actually run them
 * (IDE extensions, desktop app, plain `claude`/`codex`), where `aimon claude|codex` only covers one launch.
 */
import type { Command } from 'commander';
import { parseDurationMs } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';
import { parseProtocol } from '../launch/otlp-target.js';
import { parseAttributeFlag } from '../launch/resource-attributes.js';
import { runSetup, type SetupOptions } from '../setup/run-setup.js';
import { parseScope } from '../setup/setup-paths.js';

interface CommonFlags {
  protocol?: string;
  endpoint?: string;
  dataDir?: string;
  logPrompts?: boolean;
  print?: boolean;
  undo?: boolean;
}

interface ClaudeFlags extends CommonFlags {
  scope?: string;
  team?: string;
  resourceAttribute?: string[];
  exportInterval?: string;
}

interface CodexFlags extends CommonFlags {
  otelEnv?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function addCommonOptions(command: Command): Command {
  return command
    .option('--protocol <protocol>', 'OTLP transport to the collector: grpc or http (HTTP/protobuf)', 'grpc')
    .option(
      '--endpoint <url>',
      "OTLP endpoint (default: the running stack's, from its state file or the default ports)",
    )
    .option('--data-dir <dir>', "read the stack's endpoints from this data dir")
    .option('--log-prompts', 'include prompt text in telemetry (default: redacted)')
    .option('--print', 'print the block to paste instead of writing the file')
    .option(
      '--undo',
      'put back the file as it was before the first aimon setup (removes it if there was none)',
    );
}

function commonOptions(flags: CommonFlags): Omit<SetupOptions, 'scope' | 'resourceAttributes'> {
  return {
    protocol: parseProtocol(flags.protocol ?? 'grpc'),
    ...(flags.endpoint !== undefined ? { endpoint: flags.endpoint } : {}),
    ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
    logPrompts: flags.logPrompts === true,
    print: flags.print === true,
    undo: flags.undo === true,
  };
}

export function claudeSetupOptions(flags: ClaudeFlags): SetupOptions {
  const attributes = (flags.resourceAttribute ?? []).map(parseAttributeFlag);
  if (flags.team !== undefined) {
    if (!flags.team.trim()) throw new UserError('--team needs a non-empty value');
    attributes.unshift(['team.id', flags.team]);
  }
  let exportIntervalMs: number | undefined;
  if (flags.exportInterval !== undefined) {
    exportIntervalMs = parseDurationMs(flags.exportInterval, '--export-interval');
    if (!Number.isFinite(exportIntervalMs) || exportIntervalMs < 1) {
      throw new UserError(
        `--export-interval must be a finite duration of at least 1ms (got "${flags.exportInterval}")`,
      );
    }
    exportIntervalMs = Math.round(exportIntervalMs);
  }
  return {
    ...commonOptions(flags),
    scope: parseScope(flags.scope ?? 'user'),
    resourceAttributes: attributes,
    ...(exportIntervalMs !== undefined ? { exportIntervalMs } : {}),
  };
}

export function codexSetupOptions(flags: CodexFlags): SetupOptions {
  return {
    ...commonOptions(flags),
    scope: 'user',
    resourceAttributes: [],
    ...(flags.otelEnv !== undefined ? { otelEnvironment: flags.otelEnv } : {}),
  };
}

export function registerSetupCommands(program: Command): void {
  const setup = program
    .command('setup')
    .description("point the real clients' own config files at the stack (persistent; --undo reverts)");

  addCommonOptions(
    setup
      .command('claude')
      .description(
        'merge the telemetry variables into the "env" block of Claude Code\'s settings.json (backup first)',
      )
      .option(
        '--scope <scope>',
        'user (~/.claude/settings.json) or project (./.claude/settings.json)',
        'user',
      )
      .option('--team <id>', 'add team.id=ID to OTEL_RESOURCE_ATTRIBUTES (dashboards group by it)')
      .option('--resource-attribute <k=v>', 'add K=V to OTEL_RESOURCE_ATTRIBUTES (repeatable)', collect)
      .option('--export-interval <duration>', 'OTEL_METRIC_EXPORT_INTERVAL and OTEL_LOGS_EXPORT_INTERVAL'),
  ).action(async (flags: ClaudeFlags) => {
    await runSetup('claude', claudeSetupOptions(flags));
  });

  addCommonOptions(
    setup
      .command('codex')
      .description(
        "set the [otel] exporters in Codex's ~/.codex/config.toml, keeping comments (backup first)",
      )
      .option('--otel-env <name>', '[otel] environment (default: the file\'s, else Codex\'s "dev")'),
  ).action(async (flags: CodexFlags) => {
    await runSetup('codex', codexSetupOptions(flags));
  });
}
