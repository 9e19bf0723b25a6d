/**
 * Incidents with SLA clocks on the working calendar (S-2.1, S-2.2.1–S-2.2.3, S-5.4, S-7.3.3, T-1.2.8): reporting,
 * classification, states, assignment, workarounds, notes and public updates, clocks re-derived from the history by
 * the pure engine (src/kernel/sla), warnings and breaches by e-mail and in the portal, the monthly report, and the
 * operator on duty. This file is the module's only public surface.
 */
import type { SamsvarModule } from '../../platform/context.ts';
import { alertJobs } from './alerts.ts';
import { incidentsDemo } from './demo.ts';
import { incidentRoutes } from './routes.ts';

export const incidentsModule: SamsvarModule = { name: 'incidents', routes: incidentRoutes, jobs: alertJobs, demo: incidentsDemo };

export { runAlerts, runSweep, alertRecipients, ALERT_JOB, SWEEP_JOB } from './alerts.ts';
export { refreshClocks, clocksFor, historyOf, nextRef, onCallFor, visibleIncidentsWhere, categoryInfo } from './service.ts';
export { monthlyReport, reportCsv, percentile, monthBounds } from './report.ts';
export { operatorsOnDuty } from './duty.ts';
export { incidents, incidentEvents, incidentClocks, incidentAlerts, refCounters } from './tables.ts';
export { publicIncidents, publicStatus, syncIncidentStatus, INCIDENT_IMPACTS, type PublicIncident, type PublicUpdate, type PublicStatus, type IncidentImpact } from './status.ts';
