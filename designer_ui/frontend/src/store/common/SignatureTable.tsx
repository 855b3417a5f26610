/** A MicroApp's inputs and outputs: what a calling module block binds and receives. */

import type { Parameters } from '../storeTypes';

function ParameterRows({ kind, parameters }: { kind: 'input' | 'output'; parameters: Parameters }) {
  const entries = Object.entries(parameters);
  if (entries.length === 0) {
    return (
      <tr>
        <td colSpan={4} className="muted">
          No {kind}s.
        </td>
      </tr>
    );
  }
  return (
    <>
      {entries.map(([name, parameter]) => (
        <tr key={`${kind}-${name}`} data-testid={`${kind}-${name}`}>
          <td>{kind}</td>
          <td className="mono">{name}</td>
          <td className="mono">{parameter.type}</td>
          <td>{parameter.description ?? ''}</td>
        </tr>
      ))}
    </>
  );
}

export function SignatureTable({ inputs, outputs }: { inputs: Parameters; outputs: Parameters }) {
  return (
    <table className="data-table compact" data-testid="signature">
      <thead>
        <tr>
          <th>kind</th>
          <th>name</th>
          <th>type</th>
          <th>meaning</th>
        </tr>
      </thead>
      <tbody>
        <ParameterRows kind="input" parameters={inputs} />
        <ParameterRows kind="output" parameters={outputs} />
      </tbody>
    </table>
  );
}
