/** Relative tolerance for float figures (cost sums differ in the last bits with summation order). */
export const RELATIVE_TOLERANCE = 1e-9;

/** True when |a-b| <= tol × max(|a|,|b|); exact for integers, zero equals only zero (or a denormal-sized value). */
export function nearlyEqual(
  expected: number,
  actual: number,
  relativeTolerance = RELATIVE_TOLERANCE,
): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return false;
  if (expected === actual) return true;
  const scale = Math.max(Math.abs(expected), Math.abs(actual));
  return Math.abs(expected - actual) <= relativeTolerance * scale || Math.abs(expected - actual) < 1e-300;
}

/** Prints a figure without float noise in reports: integers as is, others with up to 15 significant digits (enough to show any difference above the tolerance). */
export function formatFigure(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}
