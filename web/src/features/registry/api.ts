import { api, seg } from '../../app/api.ts';

export const CONTACT_ROLES = ['signatory', 'technical', 'security', 'serviceManager', 'administrative', 'support'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export type Contact = {
  id: string;
  orgId: string;
  name: string;
  role: string;
  email: string;
  phone: string | null;
  lastConfirmedAt: string;
  staleAt: string;
  remindAt: string;
  stale: boolean;
  soonStale: boolean;
  createdAt: string;
  updatedAt: string;
};
export type StaleContact = Contact & { orgName: string; orgNumber: string; orgKinds: string[] };
export type ContactInput = { name: string; role: ContactRole; email: string; phone?: string | null };

export type LocalisedText = { nb?: string; nn?: string; en?: string };
export type ProductUse = { product: string; purpose: string };
export type VendorSystem = {
  id: string;
  orgId: string;
  name: string;
  description: LocalisedText;
  clientIds: string[];
  products: ProductUse[];
  createdAt: string;
  updatedAt: string;
};
export const PURPOSE_MIN_LENGTH = 10;
export const SYSTEM_NAME_PATTERN = '^[a-z0-9][a-z0-9\\-]{0,63}$';

export const SERVICE_KINDS = ['app', 'correspondence', 'broker', 'generic'] as const;
export const LIFECYCLES = ['planned', 'notified', 'production', 'deactivated', 'removed'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];
export const SERVICE_FLAGS = ['outdated', 'idle', 'reviewDue'] as const;
export type ServiceFlag = (typeof SERVICE_FLAGS)[number];
export const ASSESSMENT_KINDS = ['security', 'risk', 'privacy'] as const;

export type About = {
  description?: LocalisedText;
  supportEmail?: string;
  supportPhone?: string;
  supportUrl?: string;
  documentationUrl?: string;
};

/** Service owners and operators get every field; vendors only the catalogue fields (id … lifecycle). */
export type Service = {
  id: string;
  orgId: string;
  orgName: string;
  resourceId: string;
  name: string;
  kind: string;
  lifecycle: string;
  lifecycleChangedAt?: string;
  notifiedAt?: string | null;
  about?: About;
  aboutReviewedAt?: string;
  aboutReviewDueAt?: string;
  reviewDue?: boolean;
  reviewOverdue?: boolean;
  libraryVersion?: string | null;
  libraryReportedAt?: string | null;
  minLibraryVersion?: string;
  outdated?: boolean;
  lastTrafficAt?: string | null;
  trafficCount?: number;
  idle?: boolean;
  idleAt?: string | null;
  allowedTransitions?: string[];
  createdAt?: string;
  updatedAt?: string;
};

export type Assessment = {
  id: string;
  serviceId: string;
  kind: string;
  assessedOn: string;
  link: string;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
};

const org = (id: string) => `/organisations/${seg(id)}`;

// contacts (T-1.2.7, S-3.2, S-7.2.2)
export const listContacts = (orgId: string, signal?: AbortSignal) => api.get<{ items: Contact[] }>(`${org(orgId)}/contacts`, undefined, signal);
export const createContact = (orgId: string, body: ContactInput) => api.post<Contact>(`${org(orgId)}/contacts`, body);
export const updateContact = (id: string, body: Partial<ContactInput>) => api.patch<Contact>(`/contacts/${seg(id)}`, body);
export const deleteContact = (id: string) => api.del(`/contacts/${seg(id)}`);
export const confirmContact = (id: string) => api.post<Contact>(`/contacts/${seg(id)}/confirm`);
export const listStaleContacts = (signal?: AbortSignal) => api.get<{ items: StaleContact[] }>('/contacts/stale', undefined, signal);

// systems (T-2.4, T-1.2.1)
export const listSystems = (orgId: string, signal?: AbortSignal) => api.get<{ items: VendorSystem[] }>(`${org(orgId)}/systems`, undefined, signal);
export const createSystem = (orgId: string, body: { name: string; description: LocalisedText; clientIds?: string[]; products?: ProductUse[] }) =>
  api.post<VendorSystem>(`${org(orgId)}/systems`, body);
export const updateSystem = (id: string, body: { description?: LocalisedText; clientIds?: string[]; products?: ProductUse[] }) =>
  api.patch<VendorSystem>(`/systems/${seg(id)}`, body);
export const deleteSystem = (id: string) => api.del(`/systems/${seg(id)}`);

// services (S-7.1.2, S-7.3.x)
export const listServices = (q: { orgId?: string; lifecycle?: string; flag?: string; q?: string }, signal?: AbortSignal) =>
  api.get<{ items: Service[] }>('/services', q, signal);
export const getService = (id: string, signal?: AbortSignal) => api.get<Service>(`/services/${seg(id)}`, undefined, signal);
export const createService = (orgId: string, body: { resourceId: string; name: string; kind: string; about?: About }) =>
  api.post<Service>(`${org(orgId)}/services`, body);
export const updateService = (id: string, body: { name?: string; kind?: string; about?: About }) => api.patch<Service>(`/services/${seg(id)}`, body);
export const changeLifecycle = (id: string, to: string, note?: string) =>
  api.post<Service>(`/services/${seg(id)}/lifecycle`, note ? { to, note } : { to });
export const markAboutReviewed = (id: string) => api.post<Service>(`/services/${seg(id)}/about-reviewed`);
export const reportLibraryVersion = (id: string, version: string) => api.post<Service>(`/services/${seg(id)}/library-version`, { version });
export const listAssessments = (id: string, signal?: AbortSignal) => api.get<{ items: Assessment[] }>(`/services/${seg(id)}/assessments`, undefined, signal);
export const addAssessment = (id: string, body: { kind: string; assessedOn: string; link: string; note?: string }) =>
  api.post<Assessment>(`/services/${seg(id)}/assessments`, body);

/** The product catalogue of the policy (T-2.1–T-2.6). */
export type Product = { id: string; name: { nb: string; en: string }; description?: { nb: string; en: string }; clauses: string[] };
export async function listProducts(signal?: AbortSignal): Promise<Product[]> {
  const policy = await api.get<{ products?: Record<string, Omit<Product, 'id'>> }>('/policy', undefined, signal);
  return Object.entries(policy.products ?? {}).map(([id, p]) => ({ id, ...p, clauses: p.clauses ?? [] }));
}
