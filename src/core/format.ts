/** How numbers read in tooltips, tables and the sidebar: one formatting everywhere. */

/** A value as a person reads it in a tooltip or table: up to 6 significant digits, "—" for a gap. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-4)) {
    // Trim the mantissa's trailing zeros: 1.500e+6 reads better as 1.5e+6.
    return value.toExponential(4).replace(/\.?0+e/, 'e');
  }
  return String(Number(value.toPrecision(6)));
}

/** Steps are integers in practice; show fractional ones without float noise. */
export function formatStep(step: number): string {
  return Number.isInteger(step) ? String(step) : String(Number(step.toPrecision(8)));
}

/** A file size in the units people use for logs: 800 KB, 130 MB, 1.2 GB (powers of 1024). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : Number(value.toPrecision(value < 10 ? 2 : 3))} ${units[unit]}`;
}
