/** One package of an install or update plan: what happens to it, what changes, who calls it and who breaks. */

import { SignatureChanges } from '../common/SignatureChanges';
import { slug } from '../common/format';
import type { BreakingCaller, PlanCaller, PlanPackage } from '../storeTypes';

function actionText(item: PlanPackage): string {
  if (item.action === 'present') return `${item.version} is installed already`;
  if (item.action === 'add_version') return `adds ${item.version} beside ${item.current ?? 'the installed versions'}`;
  return `installs ${item.version}`;
}

function callerKey(caller: PlanCaller): string {
  return `${caller.flow}|${caller.source}|${caller.block}`;
}

function CallerTable({ callers, breaking }: { callers: PlanCaller[]; breaking: BreakingCaller[] }) {
  const reasons = new Map(breaking.map((caller) => [callerKey(caller), caller.reasons]));
  return (
    <table className="data-table compact" data-testid="plan-callers">
      <thead>
        <tr>
          <th>flow</th>
          <th>where</th>
          <th>block</th>
          <th>reference</th>
          <th>runs now → after</th>
          <th>effect</th>
        </tr>
      </thead>
      <tbody>
        {callers.map((caller) => {
          const why = reasons.get(callerKey(caller));
          return (
            <tr
              key={callerKey(caller)}
              className={why ? 'caller-breaks' : undefined}
              data-testid={`plan-caller-${caller.flow}-${caller.block}`}
              data-breaks={why ? 'true' : 'false'}
            >
              <td>
                <a href={`#/flows/${encodeURIComponent(caller.flow)}`}>{caller.flow}</a>
              </td>
              <td>{caller.source}</td>
              <td className="mono">{caller.block}</td>
              <td className="mono">{caller.ref}</td>
              <td className="mono">
                {caller.from ?? '—'} → {caller.to ?? '—'}
              </td>
              <td>
                {why ? (
                  <span className="form-error">breaks: {why.join('; ')}</span>
                ) : caller.follows ? (
                  'moves to the new version'
                ) : (
                  'stays'
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function PlanPackageView({ item, requested }: { item: PlanPackage; requested: boolean }) {
  const callers = item.callers ?? [];
  const breaking = item.breaking ?? [];
  return (
    <section className="plan-package" data-testid={`plan-package-${slug(item.name)}`} data-action={item.action}>
      <h3>
        <span className="mono">{item.name}</span> <span className="store-badge">{requested ? 'requested' : 'dependency'}</span>
      </h3>
      <p data-testid="plan-action">{actionText(item)}</p>
      {item.deprecated !== null && <p className="store-warning">Deprecated: {item.deprecated}</p>}
      {item.changes && (
        <>
          <h4>Changes against {item.current}</h4>
          <SignatureChanges changes={item.changes} />
        </>
      )}
      {item.action !== 'present' && (
        <>
          <h4>Flows using it</h4>
          {callers.length === 0 ? (
            <p className="muted" data-testid="plan-no-callers">
              No flow calls it yet.
            </p>
          ) : (
            <CallerTable callers={callers} breaking={breaking} />
          )}
          {breaking.length > 0 ? (
            <p className="form-error" data-testid="plan-breaking" role="alert">
              {breaking.length === 1 ? '1 calling block would break' : `${breaking.length} calling blocks would break`}:{' '}
              {breaking.map((caller) => `${caller.flow} (${caller.source}, block ${caller.block})`).join(', ')}. Pin them to{' '}
              {item.current ?? 'the installed version'} or adapt them before they move.
            </p>
          ) : (
            callers.length > 0 && (
              <p className="checks-ok" data-testid="plan-nothing-breaks">
                No calling flow breaks.
              </p>
            )
          )}
        </>
      )}
    </section>
  );
}
