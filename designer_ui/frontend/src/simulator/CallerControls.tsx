/** What the simulated caller can do: chat (text, option buttons) or voice (keypad, speech, silence, hang up);
 * and the queue events a route or an in-queue flow waits for: the route's outcome, an agent who
 * answers and then hangs up first (the route's after_agent port), the queue's position and wait. */

import { useState } from 'react';
import type { SimInput } from '../api/endpoints';
import type { SimEffect, SimStateSummary } from '../api/types';

interface CallerControlsProps {
  channel: 'voice' | 'chat';
  pending: SimEffect | null;
  agentAnswered: boolean;
  inQueue: boolean;
  queue: SimStateSummary['queue'];
  disabled: boolean;
  onInput(input: SimInput, shown: string): void;
  onWorld(answer: Record<string, unknown>, shown: string): void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

function WorldAnswers({ pending, agentAnswered, onWorld, disabled }: { pending: SimEffect; agentAnswered: boolean; onWorld: CallerControlsProps['onWorld']; disabled: boolean }) {
  const kind = pending.kind;
  if (kind !== 'route' && kind !== 'transfer') return null;
  const key = kind === 'route' ? 'route_result' : 'transfer_result';
  const outcomes = kind === 'route' ? ['success', 'failed', 'timeout', 'closed'] : ['success', 'busy', 'noanswer', 'failed'];
  return (
    <div className="world-answers" data-testid="sim-world">
      {agentAnswered ? (
        <span data-testid="sim-agent-talking">Talking with the agent:</span>
      ) : (
        <>
          <span>{kind === 'route' ? 'Route' : 'Transfer'} outcome:</span>
          {outcomes.map((outcome) => (
            <button key={outcome} type="button" disabled={disabled} data-testid={`sim-world-${outcome}`} onClick={() => onWorld({ [key]: outcome }, `${kind}: ${outcome}`)}>
              {outcome}
            </button>
          ))}
          <button type="button" disabled={disabled} data-testid="sim-agent-answers" onClick={() => onWorld({ agent: 'answers' }, 'an agent answers')}>
            Agent answers
          </button>
        </>
      )}
      <button type="button" disabled={disabled} data-testid="sim-agent-hangs-up" onClick={() => onWorld({ agent: 'hangs_up' }, 'the agent hangs up')}>
        Agent hangs up
      </button>
    </div>
  );
}

/** The distributor's figures an in-queue flow reads (`system.Queue`); setting them runs nothing. */
function QueueFigures({ queue, onWorld, disabled }: { queue: SimStateSummary['queue']; onWorld: CallerControlsProps['onWorld']; disabled: boolean }) {
  const [position, setPosition] = useState(String(queue?.position ?? 1));
  const [wait, setWait] = useState(String(queue?.ewt_s ?? 60));
  const valid = /^\d{1,7}$/.test(position) && /^\d{1,5}$/.test(wait) && Number(wait) <= 86400;
  return (
    <form
      className="queue-figures"
      data-testid="sim-queue"
      onSubmit={(event) => {
        event.preventDefault();
        onWorld({ queue: { position: Number(position), ewt_s: Number(wait) } }, `queue: position ${position}, wait ${wait} s`);
      }}
    >
      <span>Queue (now {queue?.position ?? '—'}, {queue?.ewt_s ?? '—'} s):</span>
      <label>
        Position
        <input data-testid="sim-queue-position" inputMode="numeric" size={5} value={position} onChange={(event) => setPosition(event.target.value)} />
      </label>
      <label>
        Wait (s)
        <input data-testid="sim-queue-wait" inputMode="numeric" size={6} value={wait} onChange={(event) => setWait(event.target.value)} />
      </label>
      <button type="submit" disabled={disabled || !valid} data-testid="sim-queue-set">
        Set
      </button>
    </form>
  );
}

export function CallerControls({ channel, pending, agentAnswered, inQueue, queue, disabled, onInput, onWorld }: CallerControlsProps) {
  const [text, setText] = useState('');
  const [digits, setDigits] = useState('');
  const options = pending?.kind === 'collect' ? pending.options ?? [] : [];

  const sendText = () => {
    if (!text.trim()) return;
    onInput({ text: text.trim() }, text.trim());
    setText('');
  };

  return (
    <div className="caller-controls" data-testid="sim-controls">
      {pending && <WorldAnswers pending={pending} agentAnswered={agentAnswered} onWorld={onWorld} disabled={disabled} />}
      {inQueue && <QueueFigures queue={queue} onWorld={onWorld} disabled={disabled} />}
      {channel === 'chat' && options.length > 0 && (
        <div className="option-buttons" data-testid="sim-options">
          {options.map((option) => (
            <button
              key={option.key}
              type="button"
              disabled={disabled}
              data-testid={`sim-option-${option.key}`}
              onClick={() => onInput({ text: option.label || option.key }, option.label || option.key)}
            >
              {option.label || option.key}
            </button>
          ))}
        </div>
      )}
      {channel === 'voice' && (
        <div className="keypad-area">
          <div className="keypad" role="group" aria-label="Keypad">
            {KEYS.map((key) => (
              <button key={key} type="button" disabled={disabled} data-testid={`sim-key-${key}`} aria-label={`Key ${key}`} onClick={() => setDigits((d) => d + key)}>
                {key}
              </button>
            ))}
          </div>
          <div className="dtmf-line">
            <output data-testid="sim-dtmf-buffer">{digits || '—'}</output>
            <button
              type="button"
              className="primary"
              disabled={disabled || !digits}
              data-testid="sim-send-dtmf"
              onClick={() => {
                onInput({ dtmf: digits }, `DTMF ${digits}`);
                setDigits('');
              }}
            >
              Send keys
            </button>
            <button type="button" disabled={!digits} aria-label="Clear keys" onClick={() => setDigits('')}>
              Clear
            </button>
          </div>
        </div>
      )}
      <form
        className="text-line"
        onSubmit={(event) => {
          event.preventDefault();
          sendText();
        }}
      >
        <input
          data-testid="sim-text"
          aria-label={channel === 'voice' ? 'What the caller says' : 'Message'}
          placeholder={channel === 'voice' ? 'Say something…' : 'Type a message…'}
          value={text}
          disabled={disabled}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" disabled={disabled || !text.trim()} data-testid="sim-send-text">
          {channel === 'voice' ? 'Say' : 'Send'}
        </button>
      </form>
      <div className="caller-buttons">
        <button type="button" disabled={disabled} data-testid="sim-noinput" onClick={() => onInput({ noinput: true }, '(silence)')}>
          Silence
        </button>
        <button type="button" disabled={disabled} data-testid="sim-nomatch" onClick={() => onInput({ nomatch: true }, '(no match)')}>
          No match
        </button>
        <button type="button" disabled={disabled} data-testid="sim-hangup" onClick={() => onInput({ hangup: true }, channel === 'voice' ? '(hangs up)' : '(leaves the chat)')}>
          {channel === 'voice' ? 'Hang up' : 'Leave chat'}
        </button>
      </div>
    </div>
  );
}
