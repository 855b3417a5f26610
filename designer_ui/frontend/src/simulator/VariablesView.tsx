/** The session's variables while a simulation runs (secure ones masked). */

import type { FlowVariable } from '../api/types';

export function VariablesView({ variables, secure }: { variables: Record<string, unknown>; secure: Record<string, FlowVariable> }) {
  const entries = Object.entries(variables);
  return (
    <details className="sim-variables" open>
      <summary>Variables ({entries.length})</summary>
      <table className="data-table compact" data-testid="sim-variables">
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name} data-testid={`sim-variable-${name}`}>
              <td className="mono">{name}</td>
              <td className="mono">{secure[name]?.secure ? '••••' : JSON.stringify(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
