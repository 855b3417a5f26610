/** A MicroApp's page in the store: README, inputs and outputs, requirements, versions; install or update it here. */

import { useMemo, useState } from 'react';
import { hasRole, useSession } from '../../auth/session';
import { useAsync } from '../../common/useAsync';
import { iconGlyph } from '../../editor/canvas/blockIcons';
import { ReadmeView } from '../common/ReadmeView';
import { SignatureTable } from '../common/SignatureTable';
import { plural } from '../common/format';
import { PlanDialog } from '../install/PlanDialog';
import { installedApi, storeApi } from '../storeApi';
import { storeHref } from '../storeRoute';
import type { MicroAppDetail } from '../storeTypes';
import { Requirements } from './Requirements';
import { VersionList } from './VersionList';

interface InstallActionsProps {
  detail: MicroAppDetail;
  installed: ReadonlySet<string>;
  onPlan(mode: 'install' | 'update'): void;
}

function InstallActions({ detail, installed, onPlan }: InstallActionsProps) {
  const latest = detail.latest_version;
  if (installed.has(latest)) {
    return (
      <span className="store-badge installed" data-testid="microapp-installed">
        {latest} installed here
      </span>
    );
  }
  if (installed.size > 0) {
    return (
      <button type="button" className="primary" data-testid="microapp-update" onClick={() => onPlan('update')}>
        Update to {latest}
      </button>
    );
  }
  return (
    <button type="button" className="primary" data-testid="microapp-install" onClick={() => onPlan('install')}>
      Install {latest}
    </button>
  );
}

function Header({ detail }: { detail: MicroAppDetail }) {
  return (
    <header className="microapp-header">
      <span className="microapp-icon large" aria-hidden="true">
        {iconGlyph(detail.icon, detail.title)}
      </span>
      <div>
        <h1 data-testid="microapp-title">{detail.title}</h1>
        <p className="mono muted" data-testid="microapp-name">
          {detail.name}@{detail.latest_version} · by {detail.owner} · {detail.manifest.license}
        </p>
        <p>{detail.description}</p>
        <p className="muted">
          <span className="store-badge category">{detail.category}</span> {detail.tags.map((tag) => `#${tag}`).join(' ')} ·{' '}
          <span data-testid="microapp-install-count">{plural(detail.install_count, 'install')}</span> ·{' '}
          {plural(detail.versions, 'version')}
        </p>
      </div>
    </header>
  );
}

export function MicroAppPage({ name }: { name: string }) {
  const { user } = useSession();
  const detail = useAsync(() => storeApi.microApp(name), [name]);
  const installedList = useAsync(() => installedApi.list(), [name]);
  const [plan, setPlan] = useState<'install' | 'update' | null>(null);
  const installed = useMemo(
    () => new Set((installedList.data ?? []).filter((item) => item.name === name).map((item) => item.version)),
    [installedList.data, name],
  );

  if (detail.error) {
    return (
      <section>
        <p className="form-error" role="alert" data-testid="microapp-error">
          {detail.error}
        </p>
        <a href={storeHref({ view: 'browse' })}>Back to the store</a>
      </section>
    );
  }
  if (!detail.data) return <p className="loading">Loading {name}…</p>;
  const data = detail.data;
  const canModerate = hasRole(user, 'reviewer') || (hasRole(user, 'developer') && user?.username === data.owner);

  return (
    <section className="microapp-page" data-testid="microapp-page">
      <div className="microapp-top">
        <Header detail={data} />
        <div className="microapp-actions">
          <InstallActions detail={data} installed={installed} onPlan={setPlan} />
          {installed.size > 0 && (
            <a href={storeHref({ view: 'installed' })} className="muted" data-testid="microapp-installed-versions">
              Installed here: {[...installed].join(', ')}
            </a>
          )}
        </div>
      </div>
      {data.deprecated !== null && (
        <p className="store-warning" data-testid="microapp-deprecated">
          {data.latest_version} is deprecated: {data.deprecated}
        </p>
      )}
      <div className="microapp-columns">
        <div>
          <h2>README</h2>
          <ReadmeView html={data.readme_html} />
        </div>
        <aside>
          <h2>Inputs and outputs</h2>
          <SignatureTable inputs={data.manifest.inputs} outputs={data.manifest.outputs} />
          <p className="muted">
            Call it from a <strong>Module</strong> block as <code>{data.name}@{data.latest_version.split('.')[0]}</code> (follows{' '}
            {data.latest_version.split('.')[0]}.x) or pin an exact version.
          </p>
          <h2>Needs</h2>
          <Requirements manifest={data.manifest} />
        </aside>
      </div>
      <h2>Versions</h2>
      <VersionList
        name={data.name}
        versions={data.all_versions}
        installed={installed}
        canModerate={canModerate}
        onChanged={detail.reload}
      />
      {plan && (
        <PlanDialog
          name={data.name}
          mode={plan}
          canInstall={hasRole(user, 'developer')}
          onClose={() => setPlan(null)}
          onInstalled={() => {
            installedList.reload();
            detail.reload();
          }}
        />
      )}
    </section>
  );
}
