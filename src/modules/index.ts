/** Every capability of Samsvar. A new capability is a new folder under src/modules and one line here. */
import type { SamsvarModule } from '../platform/context.ts';
import { accountsModule } from './accounts/index.ts';
import { auditModule } from './audit/index.ts';
import { calendarsModule } from './calendars/index.ts';
import { componentsModule } from './components/index.ts';
import { deprecationsModule } from './deprecations/index.ts';
import { deviationsModule } from './deviations/index.ts';
import { eventsModule } from './events/index.ts';
import { gatewayModule } from './gateway/index.ts';
import { inboxModule } from './inbox/index.ts';
import { incidentsModule } from './incidents/index.ts';
import { measuresModule } from './measures/index.ts';
import { monitorsModule } from './monitors/index.ts';
import { noticesModule } from './notices/index.ts';
import { notificationsModule } from './notifications/index.ts';
import { obligationsModule } from './obligations/index.ts';
import { outboxModule } from './outbox/index.ts';
import { policyModule } from './policy/index.ts';
import { registryModule } from './registry/index.ts';
import { statuspageModule } from './statuspage/index.ts';
import { subscriptionsModule } from './subscriptions/index.ts';
import { termsModule } from './terms/index.ts';
import { usageModule } from './usage/index.ts';

export const modules: SamsvarModule[] = [
  accountsModule,
  policyModule,
  calendarsModule,
  auditModule,
  outboxModule,
  registryModule,
  obligationsModule,
  termsModule,
  measuresModule,
  // components before incidents: incidents publish component states (and the demo incidents name components)
  componentsModule,
  incidentsModule,
  inboxModule,
  deviationsModule,
  // notices after deviations: an overridden late notice opens a deviation case
  noticesModule,
  monitorsModule,
  eventsModule,
  notificationsModule,
  subscriptionsModule,
  statuspageModule,
  usageModule,
  deprecationsModule,
  gatewayModule,
];
