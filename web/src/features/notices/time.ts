/**
 * Oslo wall-clock time for `<input type="datetime-local">`: notices are planned in Norwegian time. The Oslo
 * arithmetic is the incidents feature's (one implementation of the offset and DST handling).
 */
import { osloDate, osloLocalToIso, osloTime } from '../incidents/time.ts';

/** `YYYY-MM-DDTHH:mm` (Oslo wall-clock time) → ISO instant; null when invalid or empty. */
export const localToIso = (local: string): string | null => osloLocalToIso(local);

/** ISO instant → `YYYY-MM-DDTHH:mm` in Oslo; '' for null. */
export function isoToLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return `${osloDate(ms)}T${osloTime(ms)}`;
}
