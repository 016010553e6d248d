/**
 * Reads the tables kubectl prints (`get`, `api-resources`, `get -w`): columns are left-aligned by a tab
 * writer, so every cell starts where its header starts. A header may contain single spaces
 * ("NOMINATED NODE"); columns are separated by at least two.
 */
export interface PrintedTable {
  readonly columns: readonly string[];
  /** One record per row, keyed by column header; empty cells are ''. */
  readonly rows: readonly Record<string, string>[];
}

export function parseTable(text: string): PrintedTable {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const header = lines[0];
  if (header === undefined) throw new Error('no table printed');
  const starts: number[] = [];
  const columns: string[] = [];
  for (const match of header.matchAll(/\S+(?: \S+)*/g)) {
    starts.push(match.index);
    columns.push(match[0]);
  }
  const rows = lines.slice(1).map((line) => {
    const row: Record<string, string> = {};
    columns.forEach((column, i) => {
      row[column] = line.slice(starts[i], starts[i + 1] ?? line.length).trim();
    });
    return row;
  });
  return { columns, rows };
}

/** The one row whose cells include `match`; throws (with the table) when there is none or several. */
export function rowWhere(table: PrintedTable, match: Record<string, string>): Record<string, string> {
  const found = table.rows.filter((row) => Object.entries(match).every(([key, value]) => row[key] === value));
  if (found.length !== 1) {
    throw new Error(
      `expected one row matching ${JSON.stringify(match)}, found ${found.length}: ${JSON.stringify(table.rows)}`,
    );
  }
  return found[0] as Record<string, string>;
}
