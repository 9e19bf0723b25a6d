/**
 * Typed calls of the notifications API. The shapes are the server's own TypeBox schemas (type-only imports: nothing
 * of the server is bundled), so a change of the contract breaks the type check here.
 */
import type { Static } from '@sinclair/typebox';
import { api } from '../../app/api.ts';
import type {
  Effective as EffectiveSchema,
  NotificationType as NotificationTypeSchema,
  Preference as PreferenceSchema,
  PreferencesBody,
  PreferencesView as PreferencesViewSchema,
  UnsubscribeView as UnsubscribeViewSchema,
} from '../../../../src/modules/notifications/schemas.ts';

export type NotificationType = Static<typeof NotificationTypeSchema>;
export type Preference = Static<typeof PreferenceSchema>;
export type Effective = Static<typeof EffectiveSchema>;
export type PreferencesView = Static<typeof PreferencesViewSchema>;
export type PreferenceInput = Static<typeof PreferencesBody>['items'][number];
export type UnsubscribeView = Static<typeof UnsubscribeViewSchema>;
export type Channel = Preference['channel'];
export type Digest = Preference['digest'];

export const listTypes = (signal?: AbortSignal) => api.get<{ items: NotificationType[] }>('/notifications/types', undefined, signal);

export const getPreferences = (signal?: AbortSignal) => api.get<PreferencesView>('/notifications/preferences', undefined, signal);

export const savePreferences = (items: PreferenceInput[]) => api.put<PreferencesView>('/notifications/preferences', { items });

export const showUnsubscribe = (token: string, signal?: AbortSignal) => api.get<UnsubscribeView>('/notifications/unsubscribe', { token }, signal);

export const unsubscribe = (token: string) => api.post<UnsubscribeView>('/notifications/unsubscribe', { token });
