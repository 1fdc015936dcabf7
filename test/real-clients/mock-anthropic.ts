/**
 * A mock Anthropic Messages API (POST /v1/messages, streaming SSE) for running the real Claude Code offline.
 * Each request is answered by the script with a text reply, a tool_use block or an HTTP error.
 */
import { startMockServer, writeJson, writeSse, type MockServer, type RecordedRequest } from './mock-http.js';

export interface AnthropicUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_read_input_tokens: number;
  readonly cache_creation_input_tokens: number;
}

export type AnthropicReply =
  | { readonly kind: 'text'; readonly text: string; readonly usage: AnthropicUsage }
  | {
      readonly kind: 'tool_use';
      readonly toolName: string;
      readonly input: Record<string, unknown>;
      readonly usage: AnthropicUsage;
    }
  | { readonly kind: 'error'; readonly status: number; readonly errorType: string; readonly message: string };

export interface MessagesRequestBody {
  model?: string;
  messages?: Array<{ role: string; content: unknown }>;
  tools?: Array<{ name: string }>;
}

/** Decides the reply for one /v1/messages request (index counts only /v1/messages requests). */
export type AnthropicScript = (
  body: MessagesRequestBody,
  index: number,
  request: RecordedRequest,
) => AnthropicReply;

export interface MockAnthropic extends MockServer {
  /** The replies sent, in order, with the model each request asked for and the request-id header. */
  readonly replies: Array<{
    model: string;
    reply: AnthropicReply;
    requestId: string;
    sessionId: string | undefined;
  }>;
}

export async function startMockAnthropic(script: AnthropicScript): Promise<MockAnthropic> {
  const replies: MockAnthropic['replies'] = [];
  let index = 0;
  let messageSeq = 0;
  const server = await startMockServer((request, res) => {
    const path = request.path.split('?')[0];
    if (request.method !== 'POST' || path !== '/v1/messages') {
      writeJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: `mock: no ${path}` } });
      return;
    }
    const body = (request.body ?? {}) as MessagesRequestBody;
    const model = body.model ?? 'unknown';
    const reply = script(body, index++, request);
    const requestId = `req_mock${String(++messageSeq).padStart(6, '0')}${Date.now().toString(36)}`;
    const sessionHeader = request.headers['x-claude-code-session-id'];
    replies.push({
      model,
      reply,
      requestId,
      sessionId: typeof sessionHeader === 'string' ? sessionHeader : undefined,
    });
    if (reply.kind === 'error') {
      writeJson(
        res,
        reply.status,
        { type: 'error', error: { type: reply.errorType, message: reply.message } },
        {
          'request-id': requestId,
        },
      );
      return;
    }
    writeSse(res, { 'request-id': requestId }, messageEvents(model, `msg_mock_${messageSeq}`, reply));
  });
  return { ...server, replies };
}

function messageEvents(
  model: string,
  messageId: string,
  reply: Exclude<AnthropicReply, { kind: 'error' }>,
): Array<[string, unknown]> {
  const { usage } = reply;
  const events: Array<[string, unknown]> = [
    [
      'message_start',
      {
        type: 'message_start',
        message: {
          id: messageId,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: {
            input_tokens: usage.input_tokens,
            cache_creation_input_tokens: usage.cache_creation_input_tokens,
            cache_read_input_tokens: usage.cache_read_input_tokens,
            output_tokens: 1,
          },
        },
      },
    ],
  ];
  if (reply.kind === 'text') {
    events.push(
      [
        'content_block_start',
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: reply.text } },
      ],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    );
  } else {
    const json = JSON.stringify(reply.input);
    const half = Math.floor(json.length / 2);
    events.push(
      [
        'content_block_start',
        {
          type: 'content_block_start',
          index: 0,
          content_block: {
            type: 'tool_use',
            id: `toolu_mock${messageId.slice(-6)}`,
            name: reply.toolName,
            input: {},
          },
        },
      ],
      [
        'content_block_delta',
        {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'input_json_delta', partial_json: json.slice(0, half) },
        },
      ],
      [
        'content_block_delta',
        {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'input_json_delta', partial_json: json.slice(half) },
        },
      ],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    );
  }
  events.push(
    [
      'message_delta',
      {
        type: 'message_delta',
        delta: { stop_reason: reply.kind === 'text' ? 'end_turn' : 'tool_use', stop_sequence: null },
        usage: { output_tokens: usage.output_tokens },
      },
    ],
    ['message_stop', { type: 'message_stop' }],
  );
  return events;
}

/** True when the request carries a tool_result block (the CLI answering a tool_use). */
export function hasToolResult(body: MessagesRequestBody): boolean {
  const last = body.messages?.at(-1);
  return (
    Array.isArray(last?.content) &&
    last.content.some((block: { type?: string }) => block?.type === 'tool_result')
  );
}
