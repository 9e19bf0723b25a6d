/**
 * Deviation cases and escalation (S-8): cases of a requirement one party failed, the escalation ladder of the
 * policy climbed one level at a time with a reason, the contacts of each level (mailed on every step), and breached
 * SLA clocks as candidates that open or join a case. This file is the module's only public surface.
 */
import type { SamsvarModule } from '../../platform/context.ts';
import { deviationsDemo } from './demo.ts';
import { deviationRoutes } from './routes.ts';

export const deviationsModule: SamsvarModule = { name: 'deviations', routes: deviationRoutes, demo: deviationsDemo };

export { candidates, getCase, hasRepeat, ladder, listCases, openCaseInTx, type OpenInput, type CaseRow, REPEAT_WINDOW_DAYS, type CaseDetailView, type CaseView, type ContactView } from './service.ts';
