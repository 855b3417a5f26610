/** The shapes of the MicroApps store and installed-MicroApps endpoints (docs/api-v1.md). */

import type { FlowDocument, Problem } from '../api/types';

export type VersionStatus = 'pending' | 'published' | 'rejected';

export interface MicroAppListing {
  name: string;
  title: string;
  description: string;
  category: string;
  tags: string[];
  icon: string;
  latest_version: string;
  versions: number;
  install_count: number;
  deprecated: string | null;
}

export interface StoreCategory {
  category: string;
  count: number;
}

export interface VersionSummary {
  name: string;
  version: string;
  status: VersionStatus;
  title: string;
  category: string;
  submitted_by: string;
  submitted_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_comment: string;
  deprecated: string | null;
  yanked: string | null;
  install_count: number;
  sha256: string;
  size: number;
  dependencies: Record<string, string>;
}

export interface Parameter {
  type: string;
  description?: string;
}

export type Parameters = Record<string, Parameter>;

export interface BotRequirement {
  name: string;
  provider?: string;
  description?: string;
}

export interface MicroAppManifest {
  name: string;
  version: string;
  title: string;
  description: string;
  category: string;
  tags: string[];
  icon: string;
  license: string;
  inputs: Parameters;
  outputs: Parameters;
  dependencies: Record<string, string>;
  requires: {
    bots: BotRequirement[];
    business: Record<'hours' | 'special_days' | 'emergency' | 'tables', string[]>;
  };
}

export interface MicroAppDetail extends MicroAppListing {
  owner: string;
  manifest: MicroAppManifest;
  readme: string;
  readme_html: string;
  all_versions: VersionSummary[];
}

export interface TestCaseResult {
  file: string;
  name: string;
  channel: string;
  passed: boolean;
  message: string | null;
}

export interface TestRun {
  passed: number;
  failed: number;
  errors: string[];
  cases: TestCaseResult[];
}

/** What the store's automated checks found in a package it accepted. */
export interface CheckResults {
  dependencies: Record<string, string>;
  flows: Record<string, Problem[]>;
  warnings: string[];
  tests: TestRun | null;
}

export interface VersionDetail extends VersionSummary {
  manifest: MicroAppManifest;
  readme: string;
  readme_html: string;
  checks: CheckResults;
}

export interface SignatureDiff {
  added: string[];
  removed: string[];
  changed: { name: string; from: string; to: string }[];
}

export interface ManifestChanges {
  inputs: SignatureDiff;
  outputs: SignatureDiff;
  dependencies: Record<string, { from: string | null; to: string | null }>;
}

export interface FlowChange {
  status: 'added' | 'removed' | 'changed';
  added?: string[];
  removed?: string[];
  changed?: { block: string; fields: string[] }[];
  flow_changed?: string[];
}

export interface ReviewDetail extends VersionDetail {
  flows: Record<string, FlowDocument>;
  tests: Record<string, string>;
  changes: { previous: string; manifest: ManifestChanges; flows: Record<string, FlowChange> } | null;
}

export interface InstalledMicroApp {
  name: string;
  version: string;
  title: string | null;
  inputs: Parameters;
  outputs: Parameters;
  flows: string[];
  source: string;
  requested: boolean;
  sha256: string;
  installed_at: string;
  installed_by: string | null;
}

export interface ModuleCaller {
  flow: string;
  source: string;
  block: string;
  ref: string;
}

export interface InstalledDetail extends InstalledMicroApp {
  manifest: MicroAppManifest;
  readme_html: string;
  used_by: ModuleCaller[];
}

export interface PlanCaller extends ModuleCaller {
  from: string | null;
  to: string | null;
  follows: boolean;
}

export interface BreakingCaller extends PlanCaller {
  reasons: string[];
}

export interface PlanPackage {
  name: string;
  version: string;
  action: 'install' | 'add_version' | 'present';
  current: string | null;
  deprecated: string | null;
  changes?: ManifestChanges | null;
  callers?: PlanCaller[];
  breaking?: BreakingCaller[];
}

export interface InstallPlan {
  request: string;
  packages: PlanPackage[];
  notes: string[];
}

export interface InstallResult {
  installed: InstalledMicroApp[];
  present: string[];
  warnings: string[];
}
