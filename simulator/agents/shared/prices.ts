/**
 * Anthropic's price table (USD per million tokens), verbatim from telemetry.md "Prices": Claude Code sends cost_usd.
 * Codex sends no cost; OpenAI's table is dashboards/codex-prices.ts, where the dashboards estimate it.
 */

export interface AnthropicPrice {
  readonly tier: string;
  readonly input: number;
  readonly cacheWrite: number;
  readonly cacheRead: number;
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
