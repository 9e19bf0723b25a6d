/**
 * Notices of planned maintenance and changes with lead times, the window rule and critical periods (S-2.3.2–S-2.3.5,
 * S-2.4.1–S-2.4.4, T-3.1, T-3.1.1, T-3.1.2); the change log, roadmap and releases (S-3.4); the meeting calendar
 * (S-3.3). This file is the module's only public surface. See docs/notices.md.
 */
import type { SamsvarModule } from '../../platform/context.ts';
import { noticesDemo } from './demo.ts';
import { noticeJobs } from './jobs.ts';
import { noticeRoutes } from './routes.ts';

export const noticesModule: SamsvarModule = { name: 'notices', routes: noticeRoutes, jobs: noticeJobs, demo: noticesDemo };

export {
  listNotices,
  advanceNotice,
  evaluate as checkNoticeInput,
  defaultImpact,
  rememberPolicy,
  SIGNAL_SOURCE,
  TRANSITION_JOB,
  type NoticeView,
  type NoticeUpdateView,
  type NoticeDetail,
  type ListNoticesOptions,
  type CheckOutcome,
} from './service.ts';
export { runSweep, SWEEP_JOB } from './jobs.ts';
export { listPosts, listMeetings, type PostView, type MeetingView } from './posts.ts';
export { NOTICE_STATES, NOTICE_IMPACTS, POST_KINDS, ROADMAP_STATES, type NoticeState, type NoticeImpact, type PostKind } from './schemas.ts';
export { notices, noticeUpdates, posts, meetings, type AffectedApi, type NoticeCheck } from './tables.ts';
