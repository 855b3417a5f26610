/** One simulator session: start it, send caller input or world answers, keep the transcript and trace. */

import { useCallback, useState } from 'react';
import { errorMessage } from '../api/client';
import { simulatorApi, type SimInput, type SimulatorStart } from '../api/endpoints';
import type { SimEffect, SimResponse, SimStateSummary } from '../api/types';

export interface TranscriptEntry {
  from: 'flow' | 'caller';
  effect?: SimEffect;
  text?: string;
}

export interface Simulation {
  sessionId: string | null;
  transcript: TranscriptEntry[];
  effects: SimEffect[];
  state: SimStateSummary | null;
  trace: string[];
  error: string | null;
  busy: boolean;
  start(options: SimulatorStart): Promise<void>;
  send(input: SimInput, shown: string): Promise<void>;
  world(answer: Record<string, unknown>, shown: string): Promise<void>;
  reset(): void;
}

/** The whole trace so far, whether the server sends all of it or only this step's part. */
function mergeTrace(previous: string[], incoming: string[]): string[] {
  if (incoming.length >= previous.length && previous.every((id, index) => incoming[index] === id)) return incoming;
  return [...previous, ...incoming];
}

export function useSimulation(): Simulation {
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [transcript, setTranscript] = useState<TranscriptEntry[]>([]);
  const [effects, setEffects] = useState<SimEffect[]>([]);
  const [state, setState] = useState<SimStateSummary | null>(null);
  const [trace, setTrace] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const absorb = useCallback((response: SimResponse, fresh: boolean) => {
    setSessionId(response.session_id ?? null);
    setState(response.state_summary ?? null);
    setEffects((current) => (fresh ? response.output : [...current, ...response.output]));
    const entries = response.output.map((effect): TranscriptEntry => ({ from: 'flow', effect }));
    setTranscript((current) => (fresh ? entries : [...current, ...entries]));
    setTrace((current) => (fresh ? response.trace ?? [] : mergeTrace(current, response.trace ?? [])));
  }, []);

  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }, []);

  const start = useCallback(
    (options: SimulatorStart) => run(async () => absorb(await simulatorApi.start(options), true)),
    [absorb, run],
  );

  const send = useCallback(
    (input: SimInput, shown: string) =>
      run(async () => {
        if (!sessionId) return;
        setTranscript((current) => [...current, { from: 'caller', text: shown }]);
        absorb(await simulatorApi.send(sessionId, input), false);
      }),
    [absorb, run, sessionId],
  );

  const world = useCallback(
    (answer: Record<string, unknown>, shown: string) =>
      run(async () => {
        if (!sessionId) return;
        setTranscript((current) => [...current, { from: 'caller', text: shown }]);
        absorb(await simulatorApi.world(sessionId, answer), false);
      }),
    [absorb, run, sessionId],
  );

  const reset = useCallback(() => {
    setSessionId(null);
    setTranscript([]);
    setEffects([]);
    setState(null);
    setTrace([]);
    setError(null);
  }, []);

  return { sessionId, transcript, effects, state, trace, error, busy, start, send, world, reset };
}
