/**
 * The incident's states, moves and option lists: plain data shared by the server and the portal (no imports that
 * a browser cannot load).
 */
import { INCIDENT_STATES, type IncidentState } from '../../kernel/sla/types.ts';

export { INCIDENT_STATES, type IncidentState };
export const OPEN_STATES: readonly IncidentState[] = ['new', 'investigating', 'identified', 'monitoring'];
export const DONE_STATES: readonly IncidentState[] = ['resolved', 'closed'];

/** Allowed moves; leaving resolved/closed for investigating is a reopen and needs a reason. */
export const INCIDENT_MOVES: Readonly<Record<IncidentState, readonly IncidentState[]>> = {
  new: ['investigating', 'identified', 'monitoring', 'resolved'],
  investigating: ['identified', 'monitoring', 'resolved'],
  identified: ['investigating', 'monitoring', 'resolved'],
  monitoring: ['investigating', 'identified', 'resolved'],
  resolved: ['closed', 'investigating'],
  closed: ['investigating'],
};

/** internal: operators and the assignee; shared: also the reporter and affected service owners; public: also the status page. */
export const VISIBILITIES = ['internal', 'shared', 'public'] as const;
export const LINK_KINDS = ['related', 'duplicateOf', 'causedBy'] as const;
export const HOLD_REASONS = ['awaitingReporter', 'awaitingThirdParty'] as const;

/** Component states an open incident may put its components in (maintenance comes from notices). */
export const INCIDENT_IMPACTS = ['degraded_performance', 'partial_outage', 'major_outage'] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];
