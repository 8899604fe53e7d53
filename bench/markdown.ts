/** Markdown rendering for the benchmark tables. */

export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
  notes?: string[];
}

export function renderTable(table: Table): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const out = [`### ${table.title}`, '', line(table.headers), line(table.headers.map(() => '---'))];
  for (const row of table.rows) out.push(line(row));
  for (const note of table.notes ?? []) out.push('', note);
  return out.join('\n') + '\n';
}
