import { UserError } from '../../core/errors.js';
import type { SeqRange } from '../../core/ledger/index.js';

/** Parses a fault-injection flag's seq ranges: "100-199,250" → [[100,199],[250,250]]; `what` names the flag. */
export function parseSeqRanges(text: string, what: string): SeqRange[] {
  const out: SeqRange[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    const first = match ? Number(match[1]) : NaN;
    const last = match?.[2] !== undefined ? Number(match[2]) : first;
    if (!match || last < first) {
      throw new UserError(`${what} "${text}" is not a list of seq ranges (expected e.g. 100-199,250)`);
    }
    out.push([first, last]);
  }
  if (out.length === 0) throw new UserError(`${what} "${text}" is empty (expected e.g. 100-199,250)`);
  return out;
}
