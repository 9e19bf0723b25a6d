/**
 * The component catalogue: the policy's components with their class (availability target, operating window,
 * state weights, maintenance rule), group and documentation links (S-3.1). Pure: a function of the policy.
 */
import { COMPONENT_STATES, type ComponentState, type Policy, type Text } from '../../kernel/policy/schema.ts';

export { COMPONENT_STATES, type ComponentState };

/** Severity for the "worst state" rule; under_maintenance is handled separately (see effectiveState). */
export const STATE_SEVERITY: Readonly<Record<ComponentState, number>> = {
  operational: 0,
  degraded_performance: 1,
  partial_outage: 2,
  major_outage: 3,
  under_maintenance: 4,
};

export interface CatalogueComponent {
  id: string;
  name: Text;
  description: Text | null;
  /** Group key (the component's own id when the policy names no group). */
  group: string;
  groupName: Text;
  /** Key of the component class. */
  classKey: string;
  className: Text;
  /** Calendar of the operating window. */
  operatingWindow: string;
  target: number;
  stateWeights: Record<ComponentState, number | 'excluded'>;
  maintenanceInsideWindow: 'allow' | 'flag' | 'refuse';
  maintenanceExcluded: boolean;
  product: string | null;
  docs: { title: Text; url: string }[];
  clauses: string[];
  /** Display order (groups in policy order, then components in policy order). */
  order: number;
}

const cache = new WeakMap<Policy, CatalogueComponent[]>();

/** Every component of the policy, in display order. */
export function componentCatalogue(policy: Policy): CatalogueComponent[] {
  const hit = cache.get(policy);
  if (hit) return hit;
  const groups = policy.componentGroups ?? {};
  const groupOrder = new Map(Object.keys(groups).map((k, i) => [k, i]));
  const out: CatalogueComponent[] = [];
  let n = 0;
  for (const [classKey, cls] of Object.entries(policy.componentClasses)) {
    for (const c of cls.components) {
      const group = c.group ?? c.id;
      out.push({
        id: c.id,
        name: c.name,
        description: c.description ?? null,
        group,
        groupName: groups[group]?.name ?? c.name,
        classKey,
        className: cls.name,
        operatingWindow: cls.operatingWindow,
        target: cls.availability.target,
        stateWeights: cls.availability.stateWeights as Record<ComponentState, number | 'excluded'>,
        maintenanceInsideWindow: cls.maintenance.insideWindow,
        maintenanceExcluded: cls.maintenance.excludedFromAvailability,
        product: c.product ?? null,
        docs: c.docs ?? [],
        clauses: cls.availability.clauses,
        order: n++,
      });
    }
  }
  const size = out.length;
  out.sort((a, b) => (groupOrder.get(a.group) ?? size + a.order) - (groupOrder.get(b.group) ?? size + b.order) || a.order - b.order);
  out.forEach((c, i) => (c.order = i));
  cache.set(policy, out);
  return out;
}

export function findComponent(policy: Policy, id: string): CatalogueComponent | undefined {
  return componentCatalogue(policy).find((c) => c.id === id);
}

/**
 * The effective state from the states the open signals say: under_maintenance while any running maintenance says
 * so (it explains the failing probes), otherwise the most severe, otherwise operational.
 */
export function effectiveState(states: Iterable<ComponentState>): ComponentState {
  let worst: ComponentState = 'operational';
  for (const s of states) {
    if (s === 'under_maintenance') return s;
    if (STATE_SEVERITY[s] > STATE_SEVERITY[worst]) worst = s;
  }
  return worst;
}
