/** Claude Code tool calls: realistic inputs, tool_parameters, durations and failure shapes per tool. */
import { randomBase62 } from '../shared/ids.js';
import type { Prng } from '../shared/prng.js';
import { joinLines, type TextPools } from '../shared/text-pools.js';

export interface PlannedToolCall {
  readonly toolName: string;
  readonly toolUseId: string;
  readonly mcp: boolean;
  /** tool_parameters JSON text: Bash details by default; other tools report none. */
  readonly parameters: string;
  /** tool_input JSON text. */
  readonly input: string;
  readonly inputBytes: number;
  /** Language of the edited file (code_edit_tool.decision). */
  readonly language: string;
  readonly linesAdded: number;
  readonly linesRemoved: number;
  readonly creates?: 'commit' | 'pull_request';
  readonly durationMs: number;
  readonly resultBytes: number;
  readonly errorType: string;
  readonly error: string;
}

interface ToolShape {
  readonly durationMedianMs: number;
  readonly durationSigma: number;
  readonly resultMedianBytes: number;
  readonly errorType: string;
  readonly error: string;
}

const SHAPES: Record<string, ToolShape> = {
  Bash: {
    durationMedianMs: 900,
    durationSigma: 1.5,
    resultMedianBytes: 900,
    errorType: 'ShellError',
    error: 'Command failed with exit code 1',
  },
  Read: {
    durationMedianMs: 12,
    durationSigma: 0.8,
    resultMedianBytes: 6000,
    errorType: 'Error',
    error: 'File does not exist.',
  },
  Edit: {
    durationMedianMs: 45,
    durationSigma: 0.6,
    resultMedianBytes: 1200,
    errorType: 'InputValidationError',
    error: 'String to replace not found in file.',
  },
  MultiEdit: {
    durationMedianMs: 60,
    durationSigma: 0.6,
    resultMedianBytes: 1500,
    errorType: 'InputValidationError',
    error: 'String to replace not found in file.',
  },
  Write: {
    durationMedianMs: 30,
    durationSigma: 0.6,
    resultMedianBytes: 300,
    errorType: 'Error',
    error: 'File has not been read yet. Read it first before writing to it.',
  },
  NotebookEdit: {
    durationMedianMs: 40,
    durationSigma: 0.6,
    resultMedianBytes: 400,
    errorType: 'Error',
    error: 'Notebook cell not found.',
  },
  Grep: {
    durationMedianMs: 110,
    durationSigma: 1,
    resultMedianBytes: 1800,
    errorType: 'Error',
    error: 'Path does not exist.',
  },
  Glob: {
    durationMedianMs: 55,
    durationSigma: 1,
    resultMedianBytes: 700,
    errorType: 'Error',
    error: 'Path does not exist.',
  },
  LS: {
    durationMedianMs: 8,
    durationSigma: 0.7,
    resultMedianBytes: 900,
    errorType: 'Error',
    error: 'Path does not exist.',
  },
  WebFetch: {
    durationMedianMs: 2200,
    durationSigma: 0.8,
    resultMedianBytes: 9000,
    errorType: 'AxiosError',
    error: 'Request failed with status code 404',
  },
  WebSearch: {
    durationMedianMs: 3500,
    durationSigma: 0.5,
    resultMedianBytes: 7000,
    errorType: 'Error',
    error: 'Search failed.',
  },
  TodoWrite: {
    durationMedianMs: 4,
    durationSigma: 0.5,
    resultMedianBytes: 150,
    errorType: 'Error',
    error: 'Invalid todo list.',
  },
  Task: {
    durationMedianMs: 60000,
    durationSigma: 0.9,
    resultMedianBytes: 3000,
    errorType: 'Error',
    error: 'Agent failed.',
  },
};
const GENERIC_SHAPE: ToolShape = {
  durationMedianMs: 300,
  durationSigma: 1,
  resultMedianBytes: 1000,
  errorType: 'Error',
  error: 'Tool failed.',
};

export function planToolCall(prng: Prng, pools: TextPools, cwd: string, toolName: string): PlannedToolCall {
  const shape = SHAPES[toolName] ?? GENERIC_SHAPE;
  const file = prng.pick(pools.files);
  const filePath = `${cwd}/${file.path}`;
  let parameters = '{}';
  let input: unknown;
  let linesAdded = 0;
  let linesRemoved = 0;
  let creates: 'commit' | 'pull_request' | undefined;
  switch (toolName) {
    case 'Bash': {
      const cmd = prng.pick(pools.shellCommands);
      creates = cmd.creates;
      parameters = JSON.stringify({
        bash_command: cmd.program,
        full_command: cmd.command,
        description: cmd.description,
      });
      input = { command: cmd.command, description: cmd.description };
      break;
    }
    case 'Read':
      input = prng.chance(0.2)
        ? { file_path: filePath, offset: prng.int(1, 400), limit: prng.pick([50, 100, 200, 400]) }
        : { file_path: filePath };
      break;
    case 'Edit':
    case 'MultiEdit': {
      linesRemoved = prng.lognormalInt(3, 1, 0, 400);
      linesAdded = prng.lognormalInt(6, 1, 1, 600);
      input = {
        file_path: filePath,
        old_string: joinLines(prng, pools.codeLines, Math.min(linesRemoved, 4) || 1),
        new_string: joinLines(prng, pools.codeLines, Math.min(linesAdded, 6)),
        replace_all: false,
      };
      break;
    }
    case 'Write': {
      linesAdded = prng.lognormalInt(40, 1, 1, 2000);
      input = { file_path: filePath, content: joinLines(prng, pools.codeLines, Math.min(linesAdded, 8)) };
      break;
    }
    case 'NotebookEdit':
      linesAdded = prng.lognormalInt(5, 0.8, 1, 200);
      input = {
        notebook_path: `${cwd}/notebooks/analysis.ipynb`,
        cell_id: randomBase62(prng, 8),
        new_source: prng.pick(pools.codeLines),
      };
      break;
    case 'Grep':
      input = {
        pattern: prng.pick(pools.searchPatterns),
        path: cwd,
        output_mode: prng.pick(['files_with_matches', 'content', 'count']),
      };
      break;
    case 'Glob':
      input = { pattern: prng.pick(pools.globPatterns) };
      break;
    case 'LS':
      input = { path: `${cwd}/${file.path.split('/')[0] ?? ''}` };
      break;
    case 'WebFetch':
      input = { url: `https://docs.example.com/${prng.pick(pools.projects)}`, prompt: 'Summarize the API' };
      break;
    case 'WebSearch':
      input = { query: prng.pick(pools.prompts).slice(0, 60) };
      break;
    case 'TodoWrite':
      input = {
        todos: [
          { content: prng.pick(pools.prompts).slice(0, 60), status: 'in_progress', activeForm: 'Working' },
        ],
      };
      break;
    case 'Task':
      input = {
        description: 'Explore the codebase',
        prompt: prng.pick(pools.prompts),
        subagent_type: 'Explore',
      };
      break;
    default:
      input = { path: filePath };
  }
  const inputText = JSON.stringify(input);
  return {
    toolName,
    toolUseId: `toolu_01${randomBase62(prng, 22)}`,
    mcp: toolName.startsWith('mcp__'),
    parameters,
    input: inputText,
    inputBytes: Buffer.byteLength(inputText),
    language: file.language,
    linesAdded,
    linesRemoved,
    ...(creates ? { creates } : {}),
    durationMs: prng.lognormalInt(shape.durationMedianMs, shape.durationSigma, 1, 600_000),
    resultBytes: prng.lognormalInt(shape.resultMedianBytes, 1.1, 2, 2_000_000),
    errorType: shape.errorType,
    error: shape.error,
  };
}
