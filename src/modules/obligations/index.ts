/**
 * Service owners' obligations: semi-annual access reviews with administrator changes (S-7.2.1), data elements with
 * download confirmation, end-user control and deletion requests (S-7.4.1–S-7.4.3) — and the operators' compliance
 * overview across the registry and the obligations (JSON and CSV). The module's only public surface.
 */
import type { SamsvarModule } from '../../platform/context.ts';
import { obligationsDemo } from './demo.ts';
import { obligationJobs } from './jobs.ts';
import { obligationsRoutes } from './routes.ts';

export const obligationsModule: SamsvarModule = { name: 'obligations', routes: obligationsRoutes, jobs: obligationJobs, demo: obligationsDemo };

export { recordDataElement, recordDownload, recordInstanceCompleted, runDataElementReminders, elementSummaries } from './data-elements.ts';
export { ensureCurrentReview, ensureCurrentReviews, adminChanges, runAccessReviewReminders, overdueReviews } from './access-reviews.ts';
export { complianceOverview, overviewCsv, ATTENTION_REASONS, type OverviewRow, type AttentionReason } from './overview.ts';
export { OBLIGATION_JOBS } from './jobs.ts';
