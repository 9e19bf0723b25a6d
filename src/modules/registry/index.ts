/**
 * The registry: who is in the Altinn ecosystem. Contacts of every organisation (T-1.2.7, S-3.2, S-7.2.2), vendors'
 * systems with Maskinporten clients and the products they use with a purpose each (T-2.4, T-1.2.1), and service
 * owners' services: lifecycle with the new-service notice (S-7.3.6), service information reviews (S-7.3.2),
 * assessments (S-7.3.4), app library versions (S-7.1.2) and traffic / idle services (S-7.3.1).
 * This file is the module's only public surface.
 */
import type { SamsvarModule } from '../../platform/context.ts';
import { registryDemo } from './demo.ts';
import { registryJobs } from './jobs.ts';
import { registryRoutes } from './routes.ts';

export const registryModule: SamsvarModule = { name: 'registry', routes: registryRoutes, jobs: registryJobs, demo: registryDemo };

export { recordServiceTraffic, serviceFlags, serviceOwners, TRANSITIONS, LIFECYCLES, SERVICE_KINDS, type Lifecycle, type ServiceView } from './services.ts';
export { runContactReminders, staleContacts, CONTACT_ROLES } from './contacts.ts';
export { runOutdatedAppNotices, runIdleServiceNotices, runServiceReviewReminders } from './services.ts';
export { loadSystemRegistry, registeredProducts, type SystemView, type ProductUse } from './systems.ts';
export { registrySummaries, type RegistrySummary } from './summary.ts';
export { claimReminder, orgAdminEmails, operatorAdminEmails, sendGroupedReminders, plus, minus, osloDate, durationText } from './notify.ts';
export { actorOf, loadOrg, requireKind } from './common.ts';
export { REGISTRY_JOBS } from './jobs.ts';
export { compareSemver, isOlder, parseSemver } from './semver.ts';
