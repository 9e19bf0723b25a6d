/**
 * Measures in force on the gateway (gate 4: T-1.2.8, T-7.1, T-7.2, S-7.3.5, S-7.3.8, S-7.3.9) and product rules
 * (gate 6: T-2.2). This file is the module's only public surface. See docs/gateway.md.
 */
import type { SamsvarModule } from '../../platform/context.ts';
import { measuresDemo } from './demo.ts';
import { measureJobs } from './jobs.ts';
import { measureRoutes } from './routes.ts';
import './notify.ts';

export const measuresModule: SamsvarModule = { name: 'measures', routes: measureRoutes, jobs: measureJobs, demo: measuresDemo };

export { startMeasuresGate, measuresOf, throttleFor, MeasureSnapshot, type Rate } from './gate.ts';
export { productRulesGate, compileProductRules } from './productRules.ts';
export { LIFT_RESOLVED_JOB } from './jobs.ts';
export { applyMeasure, liftMeasure, liftForResolvedIncidents, listMeasures, getMeasure, stateOf, MEASURES_TOPIC } from './service.ts';
export { MEASURE_KINDS, MEASURE_ENVIRONMENTS, MEASURE_CLAUSES, DEFAULT_CLAUSE, type MeasureKind, type MeasureView, type ApplyBody } from './schemas.ts';
export { measures, type MeasureRow } from './tables.ts';
