/** Notice lead times, the window rule and critical periods: a pure function of the policy. See docs/notices.md. */
export {
  checkNotice,
  earliestStart,
  criticalOverlaps,
  weeklyHoursText,
  type NoticeEnv,
  type NoticeIssue,
  type NoticeCheckInput,
  type NoticeCheckResult,
} from './engine.ts';
