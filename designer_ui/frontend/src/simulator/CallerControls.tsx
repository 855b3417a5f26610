/** What the simulated caller can do: chat (text, option buttons) or voice (keypad, speech, silence, hang up). */

import { useState } from 'react';
import type { SimInput } from '../api/endpoints';
import type { SimEffect } from '../api/types';

interface CallerControlsProps {
  channel: 'voice' | 'chat';
  pending: SimEffect | null;
  disabled: boolean;
  onInput(input: SimInput, shown: string): void;
  onWorld(answer: Record<string, unknown>, shown: string): void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

function WorldAnswers({ pending, onWorld, disabled }: { pending: SimEffect; onWorld: CallerControlsProps['onWorld']; disabled: boolean }) {
  const kind = pending.kind;
  if (kind !== 'route' && kind !== 'transfer') return null;
  const key = kind === 'route' ? 'route_result' : 'transfer_result';
  const outcomes = kind === 'route' ? ['success', 'failed'] : ['success', 'busy', 'noanswer', 'failed'];
  return (
    <div className="world-answers" data-testid="sim-world">
      <span>{kind === 'route' ? 'Route' : 'Transfer'} outcome:</span>
      {outcomes.map((outcome) => (
        <button key={outcome} type="button" disabled={disabled} data-testid={`sim-world-${outcome}`} onClick={() => onWorld({ [key]: outcome }, `${kind}: ${outcome}`)}>
          {outcome}
        </button>
      ))}
    </div>
  );
}

export function CallerControls({ channel, pending, disabled, onInput, onWorld }: CallerControlsProps) {
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
      {pending && <WorldAnswers pending={pending} onWorld={onWorld} disabled={disabled} />}
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
