/** Point an environment (dev, test, live) at a published version of this flow. */

import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { environmentsApi, flowsApi } from '../../api/endpoints';
import type { Environment, FlowVersion } from '../../api/types';
import { Dialog } from '../../common/Dialog';

export function PromoteDialog({ flowId, onClose, onPromoted }: { flowId: string; onClose(): void; onPromoted(text: string): void }) {
  const [environments, setEnvironments] = useState<Environment[]>([]);
  const [versions, setVersions] = useState<FlowVersion[]>([]);
  const [env, setEnv] = useState('test');
  const [version, setVersion] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([environmentsApi.list(), flowsApi.versions(flowId)])
      .then(([envs, list]) => {
        setEnvironments(envs);
        setVersions(list);
        const latest = list.reduce((max, item) => Math.max(max, item.version), 0);
        setVersion(latest || null);
      })
      .catch((caught: unknown) => setError(errorMessage(caught)));
  }, [flowId]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (version === null) return;
    setError(null);
    try {
      await environmentsApi.promote(env, flowId, version);
      const text = `Version ${version} is now in ${env}.`;
      setDone(text);
      onPromoted(text);
      setEnvironments(await environmentsApi.list());
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  const names = environments.length ? environments.map((item) => item.name) : ['dev', 'test', 'live'];
  return (
    <Dialog title="Promote" onClose={onClose} testId="promote-dialog">
      <form onSubmit={submit} className="form-grid">
        <label>
          Environment
          <select data-testid="promote-env" value={env} onChange={(event) => setEnv(event.target.value)}>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
                {environments.find((item) => item.name === name)?.flows[flowId] !== undefined
                  ? ` (now v${environments.find((item) => item.name === name)?.flows[flowId]})`
                  : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Version
          <select data-testid="promote-version" value={version ?? ''} onChange={(event) => setVersion(Number(event.target.value))}>
            {versions.length === 0 && <option value="">Nothing published yet</option>}
            {versions
              .slice()
              .sort((a, b) => b.version - a.version)
              .map((item) => (
                <option key={item.version} value={item.version}>
                  v{item.version} {item.comment ? `— ${item.comment}` : ''}
                </option>
              ))}
          </select>
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="promote-error">
            {error}
          </p>
        )}
        {done && (
          <p className="notice" data-testid="promote-done">
            {done}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="primary" data-testid="promote-submit" disabled={version === null}>
            Promote
          </button>
        </div>
      </form>
    </Dialog>
  );
}
