/** Codex tool calls: arguments as the model sends them, raw output as the tool prints it. */
import { randomBase62 } from '../shared/ids.js';
import type { Prng } from '../shared/prng.js';
import { joinLines, type TextPools } from '../shared/text-pools.js';

export interface PlannedCodexTool {
  readonly toolName: string;
  readonly callId: string;
  /** Raw JSON arguments, e.g. {"cmd":"npm test"}. */
  readonly arguments: string;
  readonly output: string;
  readonly failureOutput: string;
  readonly outputTruncated: boolean;
  readonly durationMs: number;
  /** exec_command runs in the sandbox; the others do not. */
  readonly sandboxed: boolean;
  readonly commandCategory: string;
}

const CATEGORY: Record<string, string> = {
  git: 'vcs',
  gh: 'vcs',
  npm: 'build',
  npx: 'build',
  make: 'build',
  cargo: 'build',
  go: 'build',
  python: 'test',
  ls: 'read',
  cat: 'read',
  grep: 'search',
  find: 'search',
  echo: 'other',
};

export function planCodexTool(prng: Prng, pools: TextPools, toolName: string): PlannedCodexTool {
  const callId = `call_${randomBase62(prng, 24)}`;
  switch (toolName) {
    case 'exec_command': {
      const cmd = prng.pick(pools.shellCommands);
      const lines = prng.lognormalInt(6, 1.2, 0, 4000);
      const truncated = lines > 256;
      return {
        toolName,
        callId,
        arguments: JSON.stringify({ cmd: cmd.command }),
        output: joinLines(prng, pools.outputLines, Math.min(lines, 12)),
        failureOutput: `${cmd.program}: ${prng.pick(['command failed', 'No such file or directory', 'Permission denied', 'exit status 1'])}`,
        outputTruncated: truncated,
        durationMs: prng.lognormalInt(700, 1.5, 1, 600_000),
        sandboxed: true,
        commandCategory: CATEGORY[cmd.program] ?? 'other',
      };
    }
    case 'apply_patch': {
      const file = prng.pick(pools.files).path;
      const patch = `*** Begin Patch\n*** Update File: ${file}\n@@\n-${prng.pick(pools.codeLines)}\n+${prng.pick(pools.codeLines)}\n*** End Patch`;
      return {
        toolName,
        callId,
        arguments: JSON.stringify({ input: patch }),
        output: `Success. Updated the following files:\nM ${file}\n`,
        failureOutput: `apply_patch verification failed: Failed to find expected lines in ${file}`,
        outputTruncated: false,
        durationMs: prng.lognormalInt(25, 0.6, 1, 10_000),
        sandboxed: false,
        commandCategory: 'edit',
      };
    }
    case 'update_plan':
      return {
        toolName,
        callId,
        arguments: JSON.stringify({
          plan: [{ step: prng.pick(pools.prompts).slice(0, 60), status: 'in_progress' }],
        }),
        output: 'Plan updated',
        failureOutput: 'failed to parse function arguments',
        outputTruncated: false,
        durationMs: prng.lognormalInt(2, 0.5, 0, 1000),
        sandboxed: false,
        commandCategory: 'other',
      };
    case 'write_stdin':
      return {
        toolName,
        callId,
        arguments: JSON.stringify({ session_id: prng.int(1, 9), chars: 'y\n' }),
        output: joinLines(prng, pools.outputLines, 2),
        failureOutput: 'Unknown process id',
        outputTruncated: false,
        durationMs: prng.lognormalInt(300, 1, 1, 60_000),
        sandboxed: false,
        commandCategory: 'other',
      };
    default:
      return {
        toolName,
        callId,
        arguments: JSON.stringify({ path: prng.pick(pools.files).path }),
        output: joinLines(prng, pools.outputLines, 3),
        failureOutput: 'tool call failed',
        outputTruncated: false,
        durationMs: prng.lognormalInt(200, 1, 1, 60_000),
        sandboxed: false,
        commandCategory: 'other',
      };
  }
}
