/**
 * The public status page (T-3.1.1, S-2.3.1, S-2.4.1, S-3.1, S-3.3, S-3.4): server-rendered pages under /status in
 * bokmål and English, the Atlassian-Statuspage-compatible JSON under /api/v2, RSS/Atom feeds and iCalendar files —
 * all answered from an in-memory snapshot that is rebuilt on every `status` change and every minute, and published
 * to DATA_DIR and `status_snapshots` so the page keeps answering when the database is unreachable. This file is the
 * module's only public surface.
 */
import type { SamsvarModule } from '../../platform/context.ts';
import { statusRootRoutes } from './routes.ts';

export const statuspageModule: SamsvarModule = { name: 'statuspage', rootRoutes: statusRootRoutes };

export { assembleSnapshot, buildSnapshot, osloMonths, pageId, refreshStatus, statusKeeper, stopStatusKeeper, STATUS_TOPIC } from './snapshot.ts';
export { StatusKeeper, readSnapshotFile, readSnapshotRow, SNAPSHOT_FILE, SNAPSHOT_ROW_ID, type KeeperOptions, type KeeperStats } from './keeper.ts';
export { registerStatusRoutes, CONTENT_TYPES, type SnapshotSource } from './routes.ts';
export { V2_ENDPOINTS, overallIndicator, incidentImpact, v2Summary, v2Components, v2Incidents, v2Maintenances, v2Status } from './v2.ts';
export { statusRss, statusAtom, changelogRss, maintenanceIcs, meetingsIcs, noticeUid, meetingUid } from './feeds.ts';
export { renderHome } from './html.ts';
export { statusSnapshots } from './tables.ts';
export type { StatusSnapshot, SnapComponent, SnapGroup, SnapIncident, SnapNotice, SnapPost, SnapMeeting, SnapDay, SnapMonth, Lang } from './model.ts';
