// A plain-text table with right-aligned columns, for the benchmark reports.

/** Print `rows` under `header`, each column as wide as its widest cell. */
export function table(title: string, header: string[], rows: string[][]): void {
  const width = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, j) => c.padStart(width[j]!)).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(width.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
