/** Working calendars of the policy: due dates, open intervals, month views (CLI and HTTP). */
import type { SamsvarModule } from '../../platform/context.ts';
import { calendarsRoutes } from './routes.ts';

export const calendarsModule: SamsvarModule = { name: 'calendars', routes: calendarsRoutes };
export { computeDue, openIntervals, listCalendars } from './service.ts';
