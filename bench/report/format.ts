/** Plain-text table and number formatting for the printed report. */

/** A table: a header row and body rows, all strings. */
export interface TextTable {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
  /** Lines printed under the table. */
  readonly notes?: readonly string[];
}

/** Renders a table with the first column left-aligned and the others right-aligned. */
export function renderTable(table: TextTable): string {
  const widths = table.header.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  const out = [table.title, line(table.header), widths.map((w) => "-".repeat(w)).join("  "), ...table.rows.map(line)];
  for (const note of table.notes ?? []) out.push(`  ${note}`);
  return out.join("\n");
}

/** Formats a rate: 1234567 → "1.23M", 45678 → "45.7k". */
export function formatRate(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "-";
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(2)}k`;
  return value.toFixed(0);
}

/** Formats microseconds with one decimal. */
export function formatUs(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? "-" : value.toFixed(1);
}

/** Formats a ratio as a percentage ("64%"). */
export function formatPercent(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return "-";
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 2 : 0)}%`;
}

/** Formats a ratio as a multiplier ("2.10×"). */
export function formatTimes(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? "-" : `${ratio.toFixed(2)}×`;
}

/** Formats bytes as MiB with one decimal. */
export function formatMiB(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes) ? "-" : `${(bytes / 2 ** 20).toFixed(1)}`;
}

/** Formats a signed byte difference as MiB ("+0.3"). */
export function formatDeltaMiB(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return "-";
  const mib = bytes / 2 ** 20;
  return `${mib >= 0 ? "+" : ""}${mib.toFixed(1)}`;
}
