/** Oslo wall-clock time for `<input type="datetime-local">`: the notices are planned in Norwegian time. */
const fmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(ms: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** Oslo's offset from UTC at `ms`, in ms. */
function offset(ms: number): number {
  const p = parts(ms);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(ms / 1000) * 1000;
}

/** `YYYY-MM-DDTHH:mm` (Oslo wall-clock time) → ISO instant; null when invalid or empty. */
export function localToIso(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  let guess = asUtc - offset(asUtc);
  guess = asUtc - offset(guess);
  return new Date(guess).toISOString();
}

/** ISO instant → `YYYY-MM-DDTHH:mm` in Oslo; '' for null. */
export function isoToLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = parts(Date.parse(iso));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month!)}-${two(p.day!)}T${two(p.hour!)}:${two(p.minute!)}`;
}
