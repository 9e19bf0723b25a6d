/**
 * Components of the platform and their availability (S-2.3.1, S-2.4.1, S-3.1): the catalogue from the policy,
 * component state from pluggable signal sources, availability per calendar month inside each component's operating
 * window (pure engine in src/kernel/availability), the public API and the demo history. This file is the module's
 * only public surface.
 */
import type { SamsvarModule } from '../../platform/context.ts';
import { componentsDemo } from './demo.ts';
import { componentRoutes } from './routes.ts';

export const componentsModule: SamsvarModule = { name: 'components', routes: componentRoutes, demo: componentsDemo };

export * from './catalogue.ts';
export * from './signals.ts';
export { componentSignals, componentStates } from './tables.ts';
export {
  availabilityMonth,
  dailyAvailability,
  dailyReport,
  monthReport,
  availabilityCsv,
  listComponents,
  getComponent,
  rollingStart,
  type ComponentMonth,
  type MonthReport,
  type DayFigure,
} from './availability.ts';
export { excludedMaintenance, COUNTED_REASONS, type ComponentMaintenance, type CountedMaintenance, type CountedReason, type MaintenanceWindow } from './maintenance.ts';
