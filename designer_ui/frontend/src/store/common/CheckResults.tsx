/** The automated checks of a package: its flow tests case by case, flow warnings, resolution warnings. */

import type { CheckResults as Checks, TestRun } from '../storeTypes';
import { plural } from './format';

function TestTable({ run }: { run: TestRun }) {
  return (
    <>
      <p data-testid="checks-tests-summary" className={run.failed > 0 ? 'form-error' : 'checks-ok'}>
        Flow tests: {run.passed} passed, {run.failed} failed
      </p>
      <table className="data-table compact" data-testid="checks-tests">
        <thead>
          <tr>
            <th>case</th>
            <th>channel</th>
            <th>file</th>
            <th>result</th>
          </tr>
        </thead>
        <tbody>
          {run.cases.map((testCase, index) => (
            <tr key={index} data-testid="checks-test-case" data-passed={testCase.passed}>
              <td>{testCase.name}</td>
              <td>{testCase.channel}</td>
              <td className="mono">{testCase.file}</td>
              <td className={testCase.passed ? 'checks-ok' : 'form-error check-failure'}>
                {testCase.passed ? 'passed' : `failed${testCase.message ? `: ${testCase.message}` : ''}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {run.errors.map((error) => (
        <p key={error} className="form-error">
          {error}
        </p>
      ))}
    </>
  );
}

export function CheckResults({ checks }: { checks: Checks }) {
  const flowProblems = Object.entries(checks.flows ?? {}).flatMap(([flow, problems]) =>
    problems.map((problem) => ({ flow, ...problem })),
  );
  const dependencies = Object.entries(checks.dependencies ?? {});
  return (
    <section className="check-results" data-testid="check-results">
      {checks.tests ? <TestTable run={checks.tests} /> : <p className="muted">The tests were not run.</p>}
      <p data-testid="checks-flow-summary">
        Flow validation: {flowProblems.length === 0 ? 'no problems' : plural(flowProblems.length, 'warning')}
      </p>
      {flowProblems.length > 0 && (
        <ul className="problem-list">
          {flowProblems.map((problem, index) => (
            <li key={index} className={`severity-${problem.severity}`}>
              <span className="mono">{problem.flow}</span>
              {problem.block_id ? ` / ${problem.block_id}` : ''}: {problem.message}
            </li>
          ))}
        </ul>
      )}
      {dependencies.length > 0 && (
        <p>
          Resolved dependencies:{' '}
          {dependencies.map(([name, version]) => (
            <code key={name} className="dep-chip">
              {name}@{version}
            </code>
          ))}
        </p>
      )}
      {(checks.warnings ?? []).map((warning) => (
        <p key={warning} className="store-warning">
          {warning}
        </p>
      ))}
    </section>
  );
}
