import { describe, expect, it } from 'vitest';
import { EVENTS_PER_PROMPT, planPopulation } from './population.js';

describe('population model', () => {
  it('the rate follows from the people: users × prompts/h × events per prompt × timeScale', () => {
    const plan = planPopulation(
      {
        users: 200,
        promptsPerHour: 12,
        sessionMinutes: 30,
        timeScale: 60,
        shares: { claude_code: 3, codex: 1 },
      },
      'x.yaml',
    );
    expect(plan.usersByAgent).toEqual({ claude_code: 150, codex: 50 });
    const perPerson = (agent: keyof typeof EVENTS_PER_PROMPT): number =>
      (12 / 3600) * EVENTS_PER_PROMPT[agent] * 60;
    expect(plan.ratePerSec).toBeCloseTo(150 * perPerson('claude_code') + 50 * perPerson('codex'), 9);
    expect(plan.ratePerSec).toBeCloseTo(1650, 9);
    // Six prompts a session on average; a 30-minute session takes 30 s of wall time at ×60.
    expect(plan.promptsPerSession).toEqual([3, 9]);
    expect(plan.sessionWallSeconds).toBe(30);
    expect(plan.eventWeights).toEqual({ claude_code: 150 * 8, codex: 50 * 141 });
  });

  it('the people follow from a rate', () => {
    const plan = planPopulation(
      {
        ratePerSec: 1000,
        promptsPerHour: 12,
        sessionMinutes: 30,
        timeScale: 60,
        shares: { claude_code: 1, codex: 0 },
      },
      'x.yaml',
    );
    // One Claude user at ×60 sends 12/3600 × 8 × 60 = 1.6 events/s.
    expect(plan.users).toBe(625);
    expect(plan.usersByAgent).toEqual({ claude_code: 625, codex: 0 });
    expect(plan.ratePerSec).toBe(1000);
  });

  it('a rate that takes more people than the simulator holds names the way out', () => {
    expect(() =>
      planPopulation(
        {
          ratePerSec: 5000,
          promptsPerHour: 12,
          sessionMinutes: 30,
          timeScale: 1,
          shares: { claude_code: 1, codex: 0 },
        },
        'x.yaml',
      ),
    ).toThrow(
      "x.yaml: population: 5000/s at timeScale 1 takes 187,500 people, more than the simulator's 10,000 (raise timeScale)",
    );
  });
});
