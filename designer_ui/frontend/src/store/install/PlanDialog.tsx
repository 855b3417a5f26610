/**
 * Install or update a MicroApp: first the plan (resolved packages and versions, what changes,
 * which flows would move or break, what the Designer lacks), then the install itself.
 */

import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { Dialog } from '../../common/Dialog';
import { useAsync } from '../../common/useAsync';
import { installedApi } from '../storeApi';
import type { InstallResult } from '../storeTypes';
import { PlanPackageView } from './PlanPackageView';

interface PlanDialogProps {
  name: string;
  range?: string;
  mode: 'install' | 'update';
  canInstall: boolean;
  onClose(): void;
  onInstalled(result: InstallResult): void;
}

function InstallDone({ result }: { result: InstallResult }) {
  return (
    <div className="install-done" data-testid="install-done" role="status">
      <p>
        Installed:{' '}
        {result.installed.length === 0
          ? 'nothing new'
          : result.installed.map((item) => `${item.name}@${item.version}`).join(', ')}
        {result.present.length > 0 && ` (already here: ${result.present.join(', ')})`}
      </p>
      {result.warnings.map((warning) => (
        <p key={warning} className="store-warning">
          {warning}
        </p>
      ))}
      <p className="muted">Installed MicroApps appear in the editor's palette under “MicroApps”.</p>
    </div>
  );
}

export function PlanDialog({ name, range = 'latest', mode, canInstall, onClose, onInstalled }: PlanDialogProps) {
  const plan = useAsync(() => installedApi.plan(name, range), [name, range]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<InstallResult | null>(null);
  const packages = plan.data?.packages ?? [];
  const nothingToDo = packages.length > 0 && packages.every((item) => item.action === 'present');
  const breaks = packages.some((item) => (item.breaking ?? []).length > 0);

  const install = async () => {
    setBusy(true);
    setError(null);
    try {
      const done = await installedApi.install(name, range);
      setResult(done);
      onInstalled(done);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={mode === 'install' ? `Install ${name}` : `Update ${name}`} onClose={onClose} testId="plan-dialog" wide>
      {plan.loading && <p className="loading">Resolving {plan.data?.request ?? `${name}@${range}`}…</p>}
      {plan.error && (
        <p className="form-error" role="alert" data-testid="plan-error">
          {plan.error}
        </p>
      )}
      {plan.data && (
        <div data-testid="install-plan">
          <p className="muted">
            Resolved <span className="mono">{plan.data.request}</span>: {packages.length} package{packages.length === 1 ? '' : 's'},
            dependencies first. Versions are installed side by side; pinned references never move.
          </p>
          {packages.map((item) => (
            <PlanPackageView key={item.name} item={item} requested={item.name === name} />
          ))}
          {plan.data.notes.length > 0 && (
            <ul className="plan-notes" data-testid="plan-notes">
              {plan.data.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {result && <InstallDone result={result} />}
      {error && (
        <p className="form-error" role="alert" data-testid="install-error">
          {error}
        </p>
      )}
      {!canInstall && plan.data && !nothingToDo && (
        <p className="muted" data-testid="install-needs-developer">
          Installing needs the developer role; this plan shows what it would do.
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose} data-testid="plan-close">
          {result ? 'Close' : 'Cancel'}
        </button>
        {canInstall && !result && (
          <button
            type="button"
            className="primary"
            data-testid="plan-install"
            disabled={busy || !plan.data || nothingToDo}
            onClick={() => void install()}
          >
            {busy ? 'Installing…' : breaks ? 'Install anyway' : mode === 'install' ? 'Install' : 'Install update'}
          </button>
        )}
      </div>
    </Dialog>
  );
}
