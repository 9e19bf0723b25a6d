/**
 * CSV as Norwegian spreadsheets open it: UTF-8 with a byte-order mark (so Excel reads æøå), semicolons between
 * fields (the list separator where the decimal separator is a comma) and CRLF line ends (RFC 4180). A field with a
 * separator, quote or line break is quoted; a field that would start a formula (= + - @, tab, CR) gets a leading
 * apostrophe, so a crafted organisation name cannot run in the operator's spreadsheet.
 */
export const CSV_SEPARATOR = ';';
export const BOM = '\uFEFF';

export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = Array.isArray(v) ? v.join(', ') : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n,]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(csvField).join(CSV_SEPARATOR)).join('\r\n') + '\r\n';
}
