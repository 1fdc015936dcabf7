/**
 * A mock OpenAI Responses API (POST /v1/responses, streaming SSE) for running the real Codex CLI offline.
 * Each request is answered by the script with a message, a function call or an HTTP error.
 */
import { startMockServer, writeJson, writeSse, type MockServer, type RecordedRequest } from './mock-http.js';

export interface ResponsesUsage {
  /** Includes the cached tokens, as the API reports it. */
  readonly input_tokens: number;
  readonly cached_tokens: number;
  readonly output_tokens: number;
  /** Part of output_tokens. */
  readonly reasoning_tokens: number;
}

export type ResponsesReply =
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly usage: ResponsesUsage;
      readonly reasoning?: boolean;
    }
  | {
      readonly kind: 'function_call';
      readonly name: string;
      readonly arguments: Record<string, unknown>;
      readonly usage: ResponsesUsage;
      readonly reasoning?: boolean;
    }
  | { readonly kind: 'error'; readonly status: number; readonly message: string; readonly delayMs?: number };

export interface ResponsesRequestBody {
  model?: string;
  input?: Array<{ type?: string; role?: string }>;
  tools?: Array<{ name?: string; type?: string }>;
}

export type ResponsesScript = (
  body: ResponsesRequestBody,
  index: number,
  request: RecordedRequest,
) => ResponsesReply;

export interface MockOpenAI extends MockServer {
  readonly replies: Array<{ model: string; reply: ResponsesReply }>;
}

export async function startMockOpenAI(script: ResponsesScript): Promise<MockOpenAI> {
  const replies: MockOpenAI['replies'] = [];
  let index = 0;
  const server = await startMockServer((request, res) => {
    const path = request.path.split('?')[0];
    if (request.method !== 'POST' || path !== '/v1/responses') {
      writeJson(res, 404, { error: { message: `mock: no ${path}`, type: 'invalid_request_error' } });
      return;
    }
    const body = (request.body ?? {}) as ResponsesRequestBody;
    const model = body.model ?? 'unknown';
    const n = index++;
    const reply = script(body, n, request);
    replies.push({ model, reply });
    if (reply.kind === 'error') {
      const send = (): void =>
        writeJson(res, reply.status, { error: { message: reply.message, type: 'server_error', code: null } });
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
      return;
    }
    writeSse(res, { 'x-request-id': `req_mock_${n}` }, responseEvents(model, `resp_mock_${n}`, reply));
  });
  return { ...server, replies };
}

function responseEvents(
  model: string,
  responseId: string,
  reply: Exclude<ResponsesReply, { kind: 'error' }>,
): Array<[string, unknown]> {
  let seq = 0;
  const createdAt = Math.floor(Date.now() / 1000);
  const base = { id: responseId, object: 'response', created_at: createdAt, model, output: [] as unknown[] };
  const events: Array<[string, unknown]> = [];
  const push = (type: string, data: Record<string, unknown>): void => {
    events.push([type, { type, sequence_number: seq++, ...data }]);
  };
  push('response.created', { response: { ...base, status: 'in_progress' } });
  push('response.in_progress', { response: { ...base, status: 'in_progress' } });
  const output: unknown[] = [];
  let outputIndex = 0;
  if (reply.reasoning) {
    const item = { id: `rs_${responseId}`, type: 'reasoning', summary: [] };
    push('response.output_item.added', { output_index: outputIndex, item });
    push('response.output_item.done', { output_index: outputIndex, item });
    output.push(item);
    outputIndex++;
  }
  if (reply.kind === 'text') {
    const itemId = `msg_${responseId}`;
    const part = { type: 'output_text', text: reply.text, annotations: [] };
    push('response.output_item.added', {
      output_index: outputIndex,
      item: { id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
    });
    push('response.content_part.added', {
      item_id: itemId,
      output_index: outputIndex,
      content_index: 0,
      part: { ...part, text: '' },
    });
    push('response.output_text.delta', {
      item_id: itemId,
      output_index: outputIndex,
      content_index: 0,
      delta: reply.text,
    });
    push('response.output_text.done', {
      item_id: itemId,
      output_index: outputIndex,
      content_index: 0,
      text: reply.text,
    });
    push('response.content_part.done', {
      item_id: itemId,
      output_index: outputIndex,
      content_index: 0,
      part,
    });
    const item = { id: itemId, type: 'message', status: 'completed', role: 'assistant', content: [part] };
    push('response.output_item.done', { output_index: outputIndex, item });
    output.push(item);
  } else {
    const itemId = `fc_${responseId}`;
    const args = JSON.stringify(reply.arguments);
    const callId = `call_${responseId}`;
    push('response.output_item.added', {
      output_index: outputIndex,
      item: {
        id: itemId,
        type: 'function_call',
        status: 'in_progress',
        call_id: callId,
        name: reply.name,
        arguments: '',
      },
    });
    push('response.function_call_arguments.delta', {
      item_id: itemId,
      output_index: outputIndex,
      delta: args,
    });
    push('response.function_call_arguments.done', {
      item_id: itemId,
      output_index: outputIndex,
      arguments: args,
    });
    const item = {
      id: itemId,
      type: 'function_call',
      status: 'completed',
      call_id: callId,
      name: reply.name,
      arguments: args,
    };
    push('response.output_item.done', { output_index: outputIndex, item });
    output.push(item);
  }
  const u = reply.usage;
  push('response.completed', {
    response: {
      ...base,
      status: 'completed',
      output,
      usage: {
        input_tokens: u.input_tokens,
        input_tokens_details: { cached_tokens: u.cached_tokens },
        output_tokens: u.output_tokens,
        output_tokens_details: { reasoning_tokens: u.reasoning_tokens },
        total_tokens: u.input_tokens + u.output_tokens,
      },
    },
  });
  return events;
}

/** True when the request carries a function_call_output item (Codex answering a function call). */
export function hasFunctionCallOutput(body: ResponsesRequestBody): boolean {
  return (body.input ?? []).some((item) => item?.type === 'function_call_output');
}
