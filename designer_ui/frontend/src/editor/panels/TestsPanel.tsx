/** The flow's tests: the cases in its test file, run on the server with pass/fail per case. */

import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { testsApi, type TestRun } from '../../api/endpoints';
import { useAsync } from '../../common/useAsync';
import { caseNames } from '../../simulator/testYaml';

export function TestsPanel({ flowId }: { flowId: string }) {
  const tests = useAsync(() => testsApi.get(flowId), [flowId]);
  const [latestRun, setRun] = useState<TestRun | null>(null);
  const run = latestRun ?? tests.data?.last_results ?? null;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const names = tests.data ? caseNames(tests.data.yaml ?? '') : [];

  async function runAll() {
    setBusy(true);
    setError(null);
    try {
      setRun(await testsApi.run(flowId));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  const resultsFor = (name: string) => run?.cases?.filter((result) => result.name === name) ?? [];
  return (
    <section className="tests-panel" data-testid="tests-panel">
      <header className="panel-actions">
        <h3>Tests</h3>
        <button type="button" data-testid="tests-run" disabled={busy || names.length === 0} onClick={() => void runAll()}>
          {busy ? 'Running…' : 'Run tests'}
        </button>
      </header>
      {error && <p className="form-error" role="alert">{error}</p>}
      {tests.error && <p className="muted">No tests yet.</p>}
      {names.length === 0 && !tests.error && <p className="muted" data-testid="tests-empty">No test cases yet: run the simulator and save the run.</p>}
      <ul className="tests-list" data-testid="tests-list">
        {names.map((name) => {
          const results = resultsFor(name);
          const state = results.length === 0 ? 'not-run' : results.every((result) => result.passed) ? 'passed' : 'failed';
          return (
            <li key={name} className={`test-case ${state}`} data-testid={`test-case-${name}`} data-state={state}>
              <span className="test-state">{state === 'passed' ? '✔' : state === 'failed' ? '✘' : '•'}</span>
              <span>{name}</span>
              {results
                .filter((result) => !result.passed)
                .map((result, index) => (
                  <pre key={index} className="test-failure">
                    {result.channel ? `[${result.channel}] ` : ''}
                    {result.message ?? 'failed'}
                  </pre>
                ))}
            </li>
          );
        })}
      </ul>
      {run?.error && (
        <pre className="test-failure" data-testid="tests-error">
          {run.error}
        </pre>
      )}
      {run && (
        <p className="muted" data-testid="tests-summary">
          {run.passed} passed, {run.failed} failed
        </p>
      )}
    </section>
  );
}
