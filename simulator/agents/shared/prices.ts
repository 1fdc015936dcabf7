/** Model price tables (USD per million tokens), verbatim from telemetry.md "Prices". */

export interface AnthropicPrice {
  readonly tier: string;
  readonly input: number;
  readonly cacheWrite: number;
  readonly cacheRead: number;
  readonly output: number;
}

export interface OpenAiPrice {
  readonly tier: string;
  readonly input: number;
  readonly cachedInput: number;
  readonly output: number;
}

export const ANTHROPIC_PRICES = {
  opus: { tier: 'Opus 4.5 – 5.x', input: 5, cacheWrite: 6.25, cacheRead: 0.5, output: 25 },
  sonnet4: { tier: 'Sonnet 4.x', input: 3, cacheWrite: 3.75, cacheRead: 0.3, output: 15 },
  sonnet5: { tier: 'Sonnet 5', input: 2, cacheWrite: 2.5, cacheRead: 0.2, output: 10 },
  haiku: { tier: 'Haiku 4.5', input: 1, cacheWrite: 1.25, cacheRead: 0.1, output: 5 },
} as const satisfies Record<string, AnthropicPrice>;

/** Claude Code prices unknown model ids like its default model (a Sonnet 4.x). */
export const ANTHROPIC_DEFAULT_PRICE: AnthropicPrice = ANTHROPIC_PRICES.sonnet4;

const OPUS_CURRENT = /opus-(?:4-[5-9]|[5-9])(?:\b|-|$)/;

export function anthropicPrice(model: string): AnthropicPrice {
  const id = model.toLowerCase();
  if (OPUS_CURRENT.test(id)) return ANTHROPIC_PRICES.opus;
  if (/sonnet-5(?:\b|-|$)/.test(id)) return ANTHROPIC_PRICES.sonnet5;
  if (/sonnet-4(?:\b|-|$)/.test(id)) return ANTHROPIC_PRICES.sonnet4;
  if (/haiku-4-5(?:\b|-|$)/.test(id)) return ANTHROPIC_PRICES.haiku;
  return ANTHROPIC_DEFAULT_PRICE;
}

export interface AnthropicUsage {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheCreation: number;
}

/** cost_usd as Claude Code computes it: input×in + output×out + cache_read×read + cache_creation×write, per million. */
export function anthropicCostUsd(model: string, usage: AnthropicUsage): number {
  const p = anthropicPrice(model);
  return (
    (usage.input * p.input +
      usage.output * p.output +
      usage.cacheRead * p.cacheRead +
      usage.cacheCreation * p.cacheWrite) /
    1_000_000
  );
}

/** cost_usd_micros: the same cost in integer micro-dollars. */
export function costMicros(costUsd: number): number {
  return Math.round(costUsd * 1e6);
}

export const OPENAI_PRICES = {
  gpt5: { tier: 'gpt-5.1-codex, gpt-5', input: 1.25, cachedInput: 0.125, output: 10 },
  gpt5Mini: { tier: 'gpt-5.1-codex-mini', input: 0.25, cachedInput: 0.025, output: 2 },
  gpt52: { tier: 'gpt-5.2/5.3-codex', input: 1.75, cachedInput: 0.175, output: 14 },
  gpt55: { tier: 'gpt-5.5', input: 5, cachedInput: 0.5, output: 30 },
} as const satisfies Record<string, OpenAiPrice>;

export function openAiPrice(model: string): OpenAiPrice {
  const id = model.toLowerCase();
  if (id.includes('mini')) return OPENAI_PRICES.gpt5Mini;
  if (/gpt-5\.5/.test(id)) return OPENAI_PRICES.gpt55;
  if (/gpt-5\.[23]/.test(id)) return OPENAI_PRICES.gpt52;
  return OPENAI_PRICES.gpt5;
}

/** Codex emits no cost; dashboards estimate (input − cached)×in + cached×cached_in + output×out (input includes cached). */
export function openAiEstimatedCostUsd(model: string, input: number, cached: number, output: number): number {
  const p = openAiPrice(model);
  return ((input - cached) * p.input + cached * p.cachedInput + output * p.output) / 1_000_000;
}
