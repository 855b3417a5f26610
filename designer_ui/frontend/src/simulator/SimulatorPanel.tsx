/** The simulator: run the draft or a version as chat or voice, watch the path on the canvas, save the run as a test. */

import { useEffect, useMemo, useState } from 'react';
import type { FlowDocument } from '../api/types';
import type { SimulationView } from '../editor/model/decorations';
import { TestsPanel } from '../editor/panels/TestsPanel';
import { CallerControls } from './CallerControls';
import { MocksEditor, parseMocks } from './MocksEditor';
import { ScenarioEditor } from './ScenarioEditor';
import { initialScenario, scenarioProblem, scenarioSettings } from './scenario';
import { SaveTestCase } from './SaveTestCase';
import { Transcript } from './Transcript';
import { useSimulation } from './useSimulation';
import { VariablesView } from './VariablesView';

interface SimulatorPanelProps {
  flowId: string;
  doc: FlowDocument;
  onSimulation(view: SimulationView | null): void;
}

export function SimulatorPanel({ flowId, doc, onSimulation }: SimulatorPanelProps) {
  const sim = useSimulation();
  const [channel, setChannel] = useState<'voice' | 'chat'>(doc.channels[0] ?? 'chat');
  const [version, setVersion] = useState('draft');
  const [httpMocks, setHttpMocks] = useState('');
  const [botMocks, setBotMocks] = useState('');
  const [testsGeneration, setTestsGeneration] = useState(0);
  const [scenario, setScenario] = useState(initialScenario);
  const scenarioError = scenarioProblem(scenario);
  const mocks = parseMocks(httpMocks, botMocks);
  const ended = sim.state?.ended === true;
  const pending = useMemo(() => {
    for (let i = sim.effects.length - 1; i >= 0; i -= 1) {
      const effect = sim.effects[i];
      if (effect && ['collect', 'route', 'transfer', 'record', 'bot', 'http'].includes(effect.kind)) return effect;
    }
    return null;
  }, [sim.effects]);

  useEffect(() => {
    onSimulation(sim.sessionId ? { current: ended ? null : sim.state?.block ?? null, trace: sim.trace } : null);
  }, [sim.sessionId, sim.state, sim.trace, ended, onSimulation]);

  const start = () =>
    void scenarioSettings(scenario).then((settings) =>
      sim.start({
        flow_id: flowId,
        version: version === 'draft' ? 'draft' : Number(version),
        channel,
        ...(mocks && (mocks.http || mocks.bots) ? { mocks } : {}),
        ...settings,
      }),
    );

  return (
    <section className="simulator" data-testid="simulator" aria-label="Simulator">
      <div className="sim-setup">
        <label>
          Run
          <input
            className="short"
            aria-label="Version to run"
            data-testid="sim-version"
            value={version}
            onChange={(event) => setVersion(event.target.value.trim() || 'draft')}
            title="draft, or a version number"
          />
        </label>
        <label>
          as
          <select data-testid="sim-channel" value={channel} onChange={(event) => setChannel(event.target.value as 'voice' | 'chat')}>
            {doc.channels.map((item) => (
              <option key={item} value={item}>
                {item}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" data-testid="sim-start" disabled={sim.busy || mocks === null || scenarioError !== null} onClick={start}>
          {sim.sessionId ? 'Restart' : 'Start'}
        </button>
        {sim.sessionId && (
          <button
            type="button"
            data-testid="sim-stop"
            onClick={() => {
              sim.reset();
              onSimulation(null);
            }}
          >
            Clear
          </button>
        )}
      </div>
      <ScenarioEditor doc={doc} scenario={scenario} onChange={setScenario} />
      {scenarioError && (
        <p className="field-error" data-testid="sim-scenario-error">
          {scenarioError}
        </p>
      )}
      <MocksEditor http={httpMocks} bots={botMocks} onHttp={setHttpMocks} onBots={setBotMocks} />
      {sim.error && (
        <p className="form-error" role="alert" data-testid="sim-error">
          {sim.error}
        </p>
      )}
      {sim.sessionId && (
        <>
          <div className="sim-status" data-testid="sim-status" data-ended={ended} data-block={sim.state?.block ?? ''}>
            {ended ? 'The interaction has ended.' : `At ${(sim.state?.block && doc.blocks[sim.state.block]?.label) || sim.state?.block || '—'} (${sim.state?.phase ?? ''})`}
          </div>
          <Transcript entries={sim.transcript} />
          {!ended && (
            <CallerControls
              channel={channel}
              pending={pending}
              agentAnswered={sim.state?.agent_answered === true}
              inQueue={sim.state?.kind === 'in_queue'}
              queue={sim.state?.queue ?? null}
              disabled={sim.busy}
              onInput={(input, shown) => void sim.send(input, shown)}
              onWorld={(answer, shown) => void sim.world(answer, shown)}
            />
          )}
          <p className="sim-path" data-testid="sim-path" data-path={sim.trace.join(' ')}>
            Path: {sim.trace.map((id) => doc.blocks[id]?.label || id).join(' → ')}
          </p>
          <VariablesView variables={sim.state?.variables ?? {}} secure={doc.variables ?? {}} />
          <details className="effect-log">
            <summary data-testid="sim-effect-log-toggle">Effect log ({sim.effects.length})</summary>
            <ol data-testid="sim-effect-log">
              {sim.effects.map((effect, index) => (
                <li key={index} className="mono">
                  {JSON.stringify(effect)}
                </li>
              ))}
            </ol>
          </details>
          <SaveTestCase sessionId={sim.sessionId} flowId={flowId} onSaved={() => setTestsGeneration((n) => n + 1)} />
        </>
      )}
      <TestsPanel flowId={flowId} key={testsGeneration} />
    </section>
  );
}
