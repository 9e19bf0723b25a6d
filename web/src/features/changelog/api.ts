/** Typed calls of the change log, roadmap, releases and meetings API (S-3.3, S-3.4); shapes from the server's schemas. */
import type { Static } from '@sinclair/typebox';
import { api, seg } from '../../app/api.ts';
import type {
  MeetingBody,
  MeetingEditBody,
  MeetingView as MeetingViewSchema,
  PostBody,
  PostEditBody,
  PostView as PostViewSchema,
} from '../../../../src/modules/notices/schemas.ts';

export type PostView = Static<typeof PostViewSchema>;
export type MeetingView = Static<typeof MeetingViewSchema>;
export type PostInput = Static<typeof PostBody>;
export type PostEdit = Static<typeof PostEditBody>;
export type MeetingInput = Static<typeof MeetingBody>;
export type MeetingEdit = Static<typeof MeetingEditBody>;
export type PostKind = PostView['kind'];

export { POST_KINDS, ROADMAP_STATES } from '../../../../src/modules/notices/schemas.ts';

export const listPosts = (kind: PostKind | undefined, signal?: AbortSignal) => api.get<{ items: PostView[] }>('/posts', kind ? { kind, limit: 200 } : { limit: 200 }, signal);
export const createPost = (body: PostInput) => api.post<PostView>('/posts', body);
export const editPost = (id: string, body: PostEdit) => api.patch<PostView>(`/posts/${seg(id)}`, body);
export const deletePost = (id: string) => api.del(`/posts/${seg(id)}`);

export const listMeetings = (from: string | undefined, signal?: AbortSignal) =>
  api.get<{ items: MeetingView[] }>('/meetings', { ...(from ? { from } : {}), includeCancelled: true }, signal);
export const createMeeting = (body: MeetingInput) => api.post<MeetingView>('/meetings', body);
export const editMeeting = (id: string, body: MeetingEdit) => api.patch<MeetingView>(`/meetings/${seg(id)}`, body);
export const cancelMeeting = (id: string) => api.post<MeetingView>(`/meetings/${seg(id)}/cancel`, {});
