/**
 * Terms of use: versions (T-8), acceptance by authorised representatives (T-1.1, T-1.2, T-1.2.2), service owners'
 * conditions (T-1.2.5), termination (T-9), test before production (T-1.2.3) and the production access decision the
 * gateway asks on every request.
 */
import type { SamsvarModule } from '../../platform/context.ts';
import { loadTermsDemo } from './demo.ts';
import { termsJobs } from './jobs.ts';
import { termsRoutes } from './routes.ts';

export const termsModule: SamsvarModule = { name: 'terms', routes: termsRoutes, jobs: termsJobs, demo: loadTermsDemo };

export {
  decideAccess,
  buildAccessSnapshot,
  versionInForce,
  ACCESS_REASON_CODES,
  ACCESS_WARNING_CODES,
  type AccessDecision,
  type AccessReason,
  type AccessReasonCode,
  type AccessWarningCode,
  type AccessSnapshot,
} from './access.ts';
export {
  AccessDecisions,
  ACCESS_TOPIC,
  accessDecisions,
  stopAccessDecisions,
  invalidateAccess,
  loadAccessSnapshot,
  accessSettings,
  productionAccess,
} from './snapshot.ts';
export { recordTestCalls, publishVersion, textSha256 } from './service.ts';
export { sendAcceptanceReminders, sendTerminationNotices } from './jobs.ts';
