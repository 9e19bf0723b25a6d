/** The gateway's pure parts: the route trie and the catalogue compiled from the policy. */
export { Router, RouteConflict, parsePattern, type RouteMatch } from './router.ts';
export {
  compileCatalogue,
  fillTemplate,
  upstreamFor,
  CatalogueError,
  ENVIRONMENTS,
  type Catalogue,
  type CompiledProduct,
  type CompiledRoute,
  type GatewayEnv,
  type UpstreamOverrides,
} from './catalogue.ts';
