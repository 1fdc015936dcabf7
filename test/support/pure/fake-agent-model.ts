/** A tiny deterministic agent model for the engine's own tests (the real ones live in simulator/agents/). */
import type {
  AgentModel,
  AgentModelFactory,
  SimResource,
  WorkloadProfile,
} from '../../../simulator/agents/agent-model.js';
import { seededRandom } from '../../../simulator/seeded-random.js';

export const fakeClaudeModel: AgentModelFactory = (profile: WorkloadProfile): AgentModel => {
  const random = seededRandom(profile.seed);
  const resources: SimResource[] = Array.from({ length: profile.users }, (_, i) => ({
    id: i * 2,
    agent: 'claude_code',
    attributes: [
      ['service.name', { s: 'claude-code' }],
      ['service.version', { s: '2.1.332' }],
    ],
  }));
  const scope = { name: 'com.anthropic.claude_code.events', version: '2.1.332' };
  const metricScope = { name: 'com.anthropic.claude_code', version: '2.1.332' };
  const attrCache = new Map<string, Array<readonly [string, { s: string }]>>();
  let n = 0;
  return {
    agent: 'claude_code',
    breakdowns: [
      {
        id: 'fake.count.by_model',
        title: 'requests by model',
        event: 'claude_code.api_request',
        by: ['model'],
        op: 'count',
      },
      {
        id: 'fake.tokens.by_model',
        title: 'tokens by model',
        event: 'claude_code.api_request',
        by: ['model'],
        op: 'sum',
        field: 'input_tokens',
      },
      {
        id: 'fake.sessions',
        title: 'sessions',
        event: 'claude_code.user_prompt',
        by: [],
        op: 'count_uniq',
        field: 'session.id',
      },
    ],
    nextEvent(nowMs) {
      const i = n++;
      const user = Math.floor(random() * profile.users);
      const session = `session-${user}-${Math.floor(i / 10)}`;
      const model = profile.models[Math.floor(random() * profile.models.length)]!.value;
      const isRequest = i % 2 === 1;
      const tokens = Math.floor(random() * 1000);
      const key = `${user}|${model}`;
      let metricAttrs = attrCache.get(key);
      if (!metricAttrs)
        attrCache.set(
          key,
          (metricAttrs = [
            ['user.id', { s: `u${user}` }],
            ['model', { s: model }],
            ['type', { s: 'input' }],
          ]),
        );
      return {
        record: {
          agent: 'claude_code',
          eventName: isRequest ? 'claude_code.api_request' : 'claude_code.user_prompt',
          resource: resources[user]!,
          scope,
          timeUnixMs: nowMs,
          observedTimeUnixMs: nowMs,
          body: isRequest ? 'claude_code.api_request' : 'claude_code.user_prompt',
          attributes: [
            ['user.id', { s: `u${user}` }],
            ['session.id', { s: session }],
            ['event.name', { s: isRequest ? 'api_request' : 'user_prompt' }],
            ['event.sequence', { i }],
            ...(isRequest
              ? ([
                  ['model', { s: model }],
                  ['input_tokens', { i: tokens }],
                  ['cost_usd', { d: tokens / 1e6 }],
                  ['anthropic.custom_base_url', { b: false }],
                ] as const)
              : ([['prompt_length', { s: String(tokens) }]] as const)),
          ],
        },
        metrics: isRequest
          ? [
              {
                resource: resources[user]!,
                scope: metricScope,
                name: 'claude_code.token.usage',
                unit: 'tokens',
                description: 'tokens',
                kind: 'sum',
                valueType: 'double',
                attributes: metricAttrs,
                value: tokens,
              },
              {
                resource: resources[user]!,
                scope: metricScope,
                name: 'fake.duration',
                unit: 'ms',
                description: 'duration',
                kind: 'histogram',
                valueType: 'double',
                attributes: metricAttrs,
                value: tokens % 300,
                explicitBounds: [0, 10, 100, 250],
              },
            ]
          : [],
      };
    },
  };
};
