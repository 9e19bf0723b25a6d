/**
 * The event hub as a capability (T-1.2.4, T-2.5): in the worker role, the delivery worker sends every pending
 * delivery (src/platform/events/delivery.ts). Routes are added beside this by the HTTP API.
 */
import type { SamsvarModule } from '../../platform/context.ts';
import { startDeliveryWorker } from '../../platform/events/delivery.ts';
import { eventsRootRoutes, eventsRoutes } from './routes.ts';

export const eventsModule: SamsvarModule = {
  name: 'events',
  rootRoutes: eventsRootRoutes,
  routes: eventsRoutes,
  roles: { worker: (ctx) => startDeliveryWorker(ctx) },
};
