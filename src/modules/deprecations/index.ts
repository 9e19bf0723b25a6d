/**
 * Deprecation and sunset in the gateway (T-1.2.6, T-3.1.2): APIs named in breaking-change notices get Deprecation
 * (RFC 9745) and Sunset (RFC 8594) headers with a Link to the notice, calls to them are counted per vendor, and the
 * portal shows who still calls them. See docs/gateway.md.
 */
import type { SamsvarModule } from '../../platform/context.ts';
import { deprecationsDemo } from './demo.ts';
import { deprecationRoutes } from './routes.ts';

export const deprecationsModule: SamsvarModule = { name: 'deprecations', routes: deprecationRoutes, demo: deprecationsDemo };

export { DeprecationWatch, loadDeprecationNotices } from './plugin.ts';
export { compileDeprecations, patternCovers, apiCovers, type RouteDeprecation, type DeprecationNotice } from './matcher.ts';
export { listDeprecations, type DeprecationView, type UsageRow } from './service.ts';
export { deprecatedCalls } from './tables.ts';
