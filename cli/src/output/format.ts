import { stringify } from 'yaml';
import { paint, stripEscapes, visibleLength, type Style, type Terminal } from './terminal.js';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  /** Colour a cell by its text (e.g. a status). */
  style?: (text: string) => Style | undefined;
  /** Never cut (a secret shown once must be copyable whole). */
  whole?: boolean;
}

/**
 * Prints rows as a table, or `data` as JSON/YAML. JSON and YAML print the API's own objects (stable for scripts);
 * the table picks columns for people.
 */
export function render<T>(
  terminal: Terminal,
  format: OutputFormat,
  data: unknown,
  rows: readonly T[],
  columns: readonly Column<T>[],
): void {
  switch (format) {
    case 'json':
      terminal.out(`${JSON.stringify(data, null, 2)}\n`);
      return;
    case 'yaml':
      terminal.out(stringify(data));
      return;
    case 'table':
      terminal.out(table(terminal, rows, columns));
      return;
  }
}

const GAP = 3;
const MIN_COLUMN = 5;

/**
 * Left-aligned columns three spaces apart, fitted to the terminal: when the natural width exceeds it, the widest
 * columns are cut (ending in `…`) until the table fits or every column is down to a few characters.
 */
export function table<T>(
  terminal: Pick<Terminal, 'width' | 'color'>,
  rows: readonly T[],
  columns: readonly Column<T>[],
): string {
  if (rows.length === 0) return 'No resources found.\n';
  const cells = rows.map((row) => columns.map((column) => cellText(column.value(row))));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((row) => visibleLength(row[i] ?? ''))),
  );
  fit(
    widths,
    terminal.width,
    columns.map((c) => c.whole === true),
  );
  const line = (texts: string[], styleOf: (i: number, text: string) => Style | undefined) =>
    texts
      .map((text, i) => {
        const width = widths[i] ?? 0;
        const cut = truncate(text, width);
        const style = styleOf(i, text);
        const painted = style ? paint(terminal, style, cut) : cut;
        return i === texts.length - 1 ? painted : painted + ' '.repeat(width - visibleLength(cut) + GAP);
      })
      .join('')
      .trimEnd();
  const header = line(
    columns.map((c) => c.header),
    () => 'bold',
  );
  const body = cells.map((row) => line(row, (i, text) => columns[i]?.style?.(text)));
  return `${[header, ...body].join('\n')}\n`;
}

function fit(widths: number[], available: number | undefined, whole: boolean[]): void {
  if (available === undefined) return;
  let excess = widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1) - available;
  // One character at a time from the widest cuttable column, so wide columns end up cut to similar widths.
  while (excess > 0) {
    const cuttable = widths.map((w, i) => (whole[i] ? 0 : w));
    const widest = cuttable.indexOf(Math.max(...cuttable));
    if ((cuttable[widest] ?? 0) <= MIN_COLUMN) return;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess -= 1;
  }
}

/** A line cut to the terminal width (colour escapes kept intact only when it fits). */
export function fitLine(text: string, width: number | undefined): string {
  if (width === undefined || visibleLength(text) <= width) return text;
  return truncate(stripEscapes(text), width);
}

function truncate(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('')}…`;
}

function cellText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  return String(value).replace(/[\r\n\t]+/g, ' ');
}

/** How long ago an ISO time was, as kubectl shows ages: 45s, 12m, 3h, 5d. */
export function age(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '-';
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

const GOOD = new Set(['CONNECTED', 'SYNCED', 'READY', 'ACCEPTED', 'SERVING', 'true']);
const BAD = new Set([
  'DISCONNECTED',
  'ERROR',
  'DELETED',
  'REVOKED',
  'EXPIRED',
  'DELETE',
  'NOT_SERVING',
  'UNREACHABLE',
  'false',
]);

/** Green for healthy states, red for failed or gone ones, yellow for anything in between. */
export function statusStyle(text: string): Style {
  if (GOOD.has(text)) return 'green';
  if (BAD.has(text)) return 'red';
  return 'yellow';
}
