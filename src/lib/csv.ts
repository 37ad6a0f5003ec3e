// Every CSV the service produces goes through here, so that none can carry a formula: chairs
// open these files in a spreadsheet, and a practitioner's answer is not a command.
import { stringify } from 'csv-stringify/sync';

/** What a spreadsheet may read as the start of a formula (or hide one behind). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell with a leading ' when a spreadsheet would otherwise run it; any other cell as it is. */
export function spreadsheetSafe(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * A CSV with a header row (each column's name, or the header given for it), UTF-8 with a BOM (so
 * Excel keeps the accents), every cell made safe.
 */
export function csvOf<Column extends string>(
  records: readonly Record<Column, string | null | undefined>[],
  columns: readonly Column[],
  headers?: Readonly<Record<Column, string>>,
): string {
  return stringify(
    records.map((record) => columns.map((column) => spreadsheetSafe(record[column] ?? ''))),
    { header: true, bom: true, columns: columns.map((column) => spreadsheetSafe(headers?.[column] ?? column)) },
  );
}
