/** A Float32 feature value as a CSV cell a person can read: no exponents, no float noise, empty when unknown. */

/**
 * At most 6 decimals and at most the 7 significant digits a Float32 holds, trailing zeros dropped:
 * 0.1f is stored as 0.100000001490116 and printed 0.1; 1e-7 prints 0. Whole numbers print in full
 * (123456792), exactly as stored. NaN (unknown) is an empty cell.
 */
export function formatCsvNumber(value: number): string {
  if (Number.isNaN(value)) return '';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : value.toExponential();
  const rounded = Number(value.toPrecision(7)).toFixed(6);
  const trimmed = rounded.replace(/\.?0+$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}
