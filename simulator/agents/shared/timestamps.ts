let lastMs = NaN;
let lastIso = '';

/** `new Date(ms).toISOString()`, remembered for the last millisecond: records built in one burst share it. */
export function isoTimestamp(ms: number): string {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}
