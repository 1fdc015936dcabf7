/**
 * Codex sends no cost; the dashboards estimate it from the OpenAI price table (telemetry.md, USD per million tokens):
 * (input − cached) × in + cached × cached_in + output × out. Codex's "input" includes cached tokens and reasoning is
 * inside "output", so per token type the price is: input → in, cached_input → cached_in − in, output → out.
 *
 * In PromQL the model id is mapped to a price tier with label_replace (later replacements win, so the most specific
 * pattern goes last), then joined with a constant price vector on (tier, token_type).
 */

export interface OpenAiTier {
  tier: string;
  /** Anchored RE2 over the model id. */
  pattern: string;
  input: number;
  cachedInput: number;
  output: number;
}

/** Order matters: the first is the default, each later match overrides. */
export const OPENAI_TIERS: readonly OpenAiTier[] = [
  { tier: 'gpt-5', pattern: '.*', input: 1.25, cachedInput: 0.125, output: 10 },
  { tier: 'gpt-5.2', pattern: '.*gpt-5\\.[23].*', input: 1.75, cachedInput: 0.175, output: 14 },
  { tier: 'gpt-5.5', pattern: '.*gpt-5\\.5.*', input: 5, cachedInput: 0.5, output: 30 },
  { tier: 'gpt-5-mini', pattern: '.*mini.*', input: 0.25, cachedInput: 0.025, output: 2 },
];

export function openAiTier(model: string): OpenAiTier {
  let chosen = OPENAI_TIERS[0]!;
  for (const tier of OPENAI_TIERS) if (new RegExp(`^(?:${tier.pattern})$`).test(model)) chosen = tier;
  return chosen;
}

/** USD per token of one Codex token type (0 for types that do not enter the estimate). */
export function pricePerTokenType(model: string, tokenType: string): number {
  const tier = openAiTier(model);
  if (tokenType === 'input') return tier.input / 1e6;
  if (tokenType === 'cached_input') return (tier.cachedInput - tier.input) / 1e6;
  if (tokenType === 'output') return tier.output / 1e6;
  return 0;
}

function promString(text: string): string {
  return JSON.stringify(text);
}

/** Adds a `tier` label derived from `model` to every series of `vectorExpr`. */
export function withPriceTier(vectorExpr: string): string {
  let expr = vectorExpr;
  for (const tier of OPENAI_TIERS) {
    expr = `label_replace(${expr}, "tier", ${promString(tier.tier)}, "model", ${promString(tier.pattern)})`;
  }
  return expr;
}

/** Constant vector {tier, token_type} → USD per token. */
export function priceVector(): string {
  const terms: string[] = [];
  for (const tier of OPENAI_TIERS) {
    const prices: Record<string, number> = {
      input: tier.input,
      cached_input: tier.cachedInput - tier.input,
      output: tier.output,
    };
    for (const [tokenType, perMillion] of Object.entries(prices)) {
      const value = Number((perMillion / 1e6).toPrecision(12));
      terms.push(
        `label_replace(label_replace(vector(${value}), "tier", ${promString(tier.tier)}, "", ""), "token_type", ${promString(tokenType)}, "", "")`,
      );
    }
  }
  return `(${terms.join(' or ')})`;
}

/** Estimated USD, summed by `by` labels, of a vector of token counts labelled model and token_type. */
export function estimatedCost(tokensByModelAndType: string, by: readonly string[]): string {
  const grouping = by.length > 0 ? ` by (${by.join(', ')})` : '';
  return `sum${grouping}(${withPriceTier(tokensByModelAndType)} * on(tier, token_type) group_left() ${priceVector()})`;
}
