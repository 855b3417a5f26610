/** Typed calls for the MicroApps store (`/store…`) and the installed MicroApps (`/microapps/installed…`). */

import { getJson, request, sendJson } from '../api/client';
import type {
  InstallPlan,
  InstallResult,
  InstalledDetail,
  InstalledMicroApp,
  MicroAppDetail,
  MicroAppListing,
  ReviewDetail,
  StoreCategory,
  VersionDetail,
  VersionSummary,
} from './storeTypes';

/** `acme/pin-check` → `acme/pin-check` with each segment encoded (the slash stays a path separator). */
function namePath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

function versionPath(name: string, version: string): string {
  return `/store/microapps/${namePath(name)}/versions/${encodeURIComponent(version)}`;
}

export interface BrowseQuery {
  q?: string;
  category?: string | null;
  tag?: string | null;
}

function queryString(query: BrowseQuery): string {
  const params = new URLSearchParams();
  if (query.q?.trim()) params.set('q', query.q.trim());
  if (query.category) params.set('category', query.category);
  if (query.tag) params.set('tag', query.tag);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const storeApi = {
  search: (query: BrowseQuery) => getJson<MicroAppListing[]>(`/store/microapps${queryString(query)}`),
  categories: () => getJson<StoreCategory[]>('/store/categories'),
  microApp: (name: string) => getJson<MicroAppDetail>(`/store/microapps/${namePath(name)}`),
  version: (name: string, version: string) => getJson<VersionDetail>(versionPath(name, version)),
  deprecate: (name: string, version: string, message: string) =>
    sendJson<VersionSummary>('POST', `${versionPath(name, version)}/deprecate`, { message }),
  yank: (name: string, version: string, reason: string) =>
    sendJson<VersionSummary>('POST', `${versionPath(name, version)}/yank`, { reason }),
  submit: async (file: Blob) =>
    (await request<VersionDetail>('/store/submissions', { method: 'POST', rawBody: file, contentType: 'application/zip' })).body,
  submissions: () => getJson<VersionSummary[]>('/store/submissions'),
  reviewQueue: () => getJson<VersionSummary[]>('/store/reviews'),
  review: (name: string, version: string) =>
    getJson<ReviewDetail>(`/store/reviews/${namePath(name)}/${encodeURIComponent(version)}`),
  decide: (name: string, version: string, decision: 'approve' | 'reject', comment: string) =>
    sendJson<VersionSummary>('POST', `/store/reviews/${namePath(name)}/${encodeURIComponent(version)}`, { decision, comment }),
};

export const installedApi = {
  list: () => getJson<InstalledMicroApp[]>('/microapps/installed'),
  detail: (name: string, version: string) =>
    getJson<InstalledDetail>(`/microapps/installed/${namePath(name)}/${encodeURIComponent(version)}`),
  plan: (name: string, range = 'latest') => sendJson<InstallPlan>('POST', '/microapps/installed/plan', { name, range }),
  install: (name: string, range = 'latest') => sendJson<InstallResult>('POST', '/microapps/installed', { name, range }),
  remove: (name: string, version: string) =>
    sendJson<unknown>('DELETE', `/microapps/installed/${namePath(name)}/${encodeURIComponent(version)}`),
};
