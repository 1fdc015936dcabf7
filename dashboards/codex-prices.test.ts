import { describe, expect, it } from 'vitest';
import { estimatedCost, openAiTier, pricePerTokenType } from './codex-prices.js';

describe('OpenAI prices (the dashboards estimate Codex cost)', () => {
  it('picks the tier of telemetry.md for each model id, the most specific pattern winning', () => {
    expect(openAiTier('gpt-5.1-codex')).toMatchObject({ input: 1.25, cachedInput: 0.125, output: 10 });
    expect(openAiTier('gpt-5')).toMatchObject({ tier: 'gpt-5', input: 1.25 });
    expect(openAiTier('gpt-5.1-codex-mini')).toMatchObject({ input: 0.25, cachedInput: 0.025, output: 2 });
    expect(openAiTier('gpt-5.2-codex')).toMatchObject({ input: 1.75, cachedInput: 0.175, output: 14 });
    expect(openAiTier('gpt-5.3-codex')).toMatchObject({ input: 1.75 });
    expect(openAiTier('gpt-5.5')).toMatchObject({ input: 5, cachedInput: 0.5, output: 30 });
  });

  it('prices (input − cached) × in + cached × cached_in + output × out, input including cached', () => {
    const usd = (model: string, tokens: Record<string, number>): number =>
      Object.entries(tokens).reduce((sum, [type, n]) => sum + n * pricePerTokenType(model, type), 0);
    expect(
      usd('gpt-5.1-codex', { input: 1_000_000, cached_input: 400_000, output: 1_000_000, reasoning: 500 }),
    ).toBeCloseTo(0.6 * 1.25 + 0.4 * 0.125 + 10, 12);
    expect(pricePerTokenType('gpt-5.1-codex', 'reasoning')).toBe(0);
  });

  it('writes the same table into PromQL: a tier per model, a price per tier and token type', () => {
    const expr = estimatedCost('tokens', ['model']);
    expect(expr).toMatch(/^sum by \(model\)\(label_replace\(/);
    expect(expr).toContain('label_replace(vector(0.00000125), "tier", "gpt-5", "", "")');
    expect(expr).toContain('"tier", "gpt-5-mini", "model", ".*mini.*"');
  });
});
