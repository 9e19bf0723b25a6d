/** Every capability of Samsvar. A new capability is a new folder under src/modules and one line here. */
import type { SamsvarModule } from '../platform/context.ts';
import { accountsModule } from './accounts/index.ts';
import { auditModule } from './audit/index.ts';
import { calendarsModule } from './calendars/index.ts';
import { deviationsModule } from './deviations/index.ts';
import { eventsModule } from './events/index.ts';
import { inboxModule } from './inbox/index.ts';
import { incidentsModule } from './incidents/index.ts';
import { notificationsModule } from './notifications/index.ts';
import { obligationsModule } from './obligations/index.ts';
import { outboxModule } from './outbox/index.ts';
import { policyModule } from './policy/index.ts';
import { registryModule } from './registry/index.ts';
import { termsModule } from './terms/index.ts';

export const modules: SamsvarModule[] = [accountsModule, policyModule, calendarsModule, auditModule, outboxModule, registryModule, obligationsModule, termsModule, incidentsModule, inboxModule, deviationsModule, eventsModule, notificationsModule];
