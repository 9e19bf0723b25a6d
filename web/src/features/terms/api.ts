import { API_BASE, api, seg } from '../../app/api.ts';
import type { Text } from '../../app/i18n.ts';

export type VersionStatus = 'in-force' | 'upcoming' | 'superseded';

export type TermsVersion = {
  id: string;
  version: string;
  title: string;
  sha256: string;
  /** ISO instant with the Oslo offset. */
  effectiveAt: string;
  /** effectiveAt + the policy's grace period. */
  acceptanceDeadline: string;
  changeLog: string;
  demo: boolean;
  status: VersionStatus;
  publishedAt: string;
};
export type TermsVersionWithText = TermsVersion & { text: string };

export type VersionProgress = {
  version: TermsVersion;
  counts: { vendors: number; accepted: number; pending: number };
  items: Array<{
    orgId: string;
    orgNumber: string;
    name: string;
    accepted: boolean;
    acceptedAt: string | null;
    signerName: string | null;
    signerEmail: string | null;
    acceptanceId: string | null;
    laterVersionAccepted: boolean;
  }>;
};

export type Attestations = { customerAgreements: boolean; accessControl: boolean; platformTerms: boolean };
export const ATTESTATIONS = ['customerAgreements', 'accessControl', 'platformTerms'] as const;

export type Acceptance = {
  id: string;
  orgId: string;
  versionId: string;
  version: string | null;
  title: string | null;
  signerUserId: string | null;
  signerName: string;
  signerEmail: string;
  signingAuthority: boolean;
  attestations: Attestations;
  textSha256: string;
  acceptedAt: string;
  clientIp: string | null;
};
export type AcceptResult = Acceptance & { auditHash: string; receiptUrl: string };

export type Condition = {
  id: string;
  serviceId: string;
  version: number;
  text: string;
  sha256: string;
  publishedAt: string;
  latest: boolean;
  acceptedByYourOrganisation?: boolean;
};
export type ConditionsList = {
  service: { id: string; resourceId: string; name: string; orgId: string; lifecycle: string };
  items: Condition[];
};
export type ConditionAcceptance = {
  id: string;
  conditionId: string;
  orgId: string;
  serviceId: string;
  resourceId: string;
  serviceName: string;
  version: number;
  signerUserId: string | null;
  signerName: string;
  textSha256: string;
  acceptedAt: string;
  clientIp: string | null;
};

export type TerminationStatus = 'pending' | 'effective' | 'withdrawn';
export type Termination = {
  id: string;
  orgId: string;
  orgName?: string;
  orgNumber?: string;
  reason: string | null;
  status: TerminationStatus;
  requestedBy: string | null;
  requestedAt: string;
  effectiveAt: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
};

export type ProductTest = {
  product: string;
  successfulTestCalls: number;
  lastTestCallAt: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  passed: boolean;
};

export type AccessReason = { code: string; message: Text; clause: string; at?: string };
export type ProductAccess = { product: string; name: Text; allowed: boolean; reasons: AccessReason[]; warnings: AccessReason[] };
export type AccessSummary = {
  orgId: string;
  at: string;
  products: ProductAccess[];
  conditionsToAccept: Array<{ serviceId: string; resourceId: string; name: string; conditionId: string; version: number }>;
};

const org = (id: string) => `/organisations/${seg(id)}`;

// versions (T-8)
export const listVersions = (signal?: AbortSignal) => api.get<{ items: TermsVersion[] }>('/terms/versions', undefined, signal);
export const currentVersion = (signal?: AbortSignal) => api.get<TermsVersionWithText>('/terms/versions/current', undefined, signal);
export const getVersion = (id: string, signal?: AbortSignal) => api.get<TermsVersionWithText>(`/terms/versions/${seg(id)}`, undefined, signal);
export const publishVersion = (body: { version: string; title: string; text: string; effectiveAt: string; changeLog: string }) =>
  api.post<{ version: TermsVersion; vendorsNotified: number; addressesNotified: number }>('/terms/versions', body);
export const versionProgress = (id: string, signal?: AbortSignal) =>
  api.get<VersionProgress>(`/terms/versions/${seg(id)}/progress`, undefined, signal);

// acceptance (T-1.1, T-1.2, T-1.2.2)
export const acceptVersion = (id: string, body: { signingAuthority: true; attestations: Attestations; textSha256: string }) =>
  api.post<AcceptResult>(`/terms/versions/${seg(id)}/accept`, body);
export const listAcceptances = (orgId: string, signal?: AbortSignal) =>
  api.get<{ items: Acceptance[] }>(`${org(orgId)}/terms-acceptances`, undefined, signal);
/** The printable receipt (HTML), opened in a new tab with the session cookie. */
export const receiptUrl = (acceptanceId: string) => `${API_BASE}/terms/acceptances/${seg(acceptanceId)}/receipt`;

// service owners' conditions (T-1.2.5)
export const listConditions = (serviceId: string, signal?: AbortSignal) =>
  api.get<ConditionsList>(`/services/${seg(serviceId)}/conditions`, undefined, signal);
export const publishCondition = (serviceId: string, text: string) => api.post<Condition>(`/services/${seg(serviceId)}/conditions`, { text });
export const acceptCondition = (conditionId: string, textSha256: string) =>
  api.post<ConditionAcceptance>(`/conditions/${seg(conditionId)}/accept`, { textSha256 });
export const listConditionAcceptances = (orgId: string, signal?: AbortSignal) =>
  api.get<{ items: ConditionAcceptance[] }>(`${org(orgId)}/condition-acceptances`, undefined, signal);

// termination (T-9)
export const getTermination = (orgId: string, signal?: AbortSignal) =>
  api.get<{ current: Termination | null; items: Termination[] }>(`${org(orgId)}/termination`, undefined, signal);
export const requestTermination = (orgId: string, reason?: string) =>
  api.post<Termination>(`${org(orgId)}/termination`, reason ? { reason } : {});
export const withdrawTermination = (id: string) => api.post<Termination>(`/terminations/${seg(id)}/withdraw`);
export const confirmTermination = (id: string) => api.post<Termination>(`/terminations/${seg(id)}/confirm`);
export const listTerminations = (status: TerminationStatus | '' = '', signal?: AbortSignal) =>
  api.get<{ items: Termination[] }>('/terminations', { status }, signal);

// test before production (T-1.2.3) and the access decision
export const listProductTests = (orgId: string, signal?: AbortSignal) =>
  api.get<{ minSuccessfulTestCalls: number; items: ProductTest[] }>(`${org(orgId)}/product-tests`, undefined, signal);
export const approveProductTest = (orgId: string, product: string) =>
  api.post<ProductTest & { minSuccessfulTestCalls: number }>(`${org(orgId)}/product-tests/${seg(product)}/approve`);
export const accessSummary = (orgId: string, signal?: AbortSignal) => api.get<AccessSummary>(`${org(orgId)}/access-summary`, undefined, signal);

/** SHA-256 of a text as UTF-8, hex — computed in the browser from the text shown, or null where Web Crypto is unavailable. */
export async function sha256Hex(text: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
