/**
 * Norwegian public holidays ("helligdager"), from date-holidays with country NO, only `type === 'public'`:
 * 1 Jan, Maundy Thursday, Good Friday, Easter Sunday and Monday, 1 May, 17 May, Ascension Day, Whit Sunday and Monday,
 * 25 and 26 Dec. Names are the Norwegian names date-holidays gives (e.g. "Skjærtorsdag", "Andre pinsedag").
 * Christmas Eve and New Year's Eve are NOT public holidays (date-holidays marks them "bank"); see STATE_SPECIAL_DAYS.
 */
import Holidays from 'date-holidays';

let hd: Holidays | undefined;
const cache = new Map<number, ReadonlyMap<string, string>>();

/**
 * Public holidays of one year: "YYYY-MM-DD" → name. When two holidays fall on the same date (17 May 2027 is both
 * Grunnlovsdagen and Andre pinsedag) the names are joined with " / ".
 */
export function norwegianPublicHolidays(year: number): ReadonlyMap<string, string> {
  let m = cache.get(year);
  if (m) return m;
  hd ??= new Holidays('NO');
  const out = new Map<string, string>();
  for (const h of hd.getHolidays(year)) {
    if (h.type !== 'public') continue;
    const date = h.date.slice(0, 10);
    const prev = out.get(date);
    if (prev === undefined) out.set(date, h.name);
    else if (!prev.split(' / ').includes(h.name)) out.set(date, `${prev} / ${h.name}`);
  }
  m = out;
  cache.set(year, m);
  return m;
}

/** Name of the public holiday on "YYYY-MM-DD", if any. */
export function norwegianPublicHoliday(date: string): string | undefined {
  return norwegianPublicHolidays(Number(date.slice(0, 4))).get(date);
}
