/** The agent desk's phone: registration state, the ringing call's screen pop, call controls. */

import { useRef } from 'react';
import { useSoftphone } from './useSoftphone';
import type { ScreenPop } from './screenPop';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
const REGISTRATION_LABELS = {
  connecting: 'Connecting…',
  registered: 'Ready for calls',
  unregistered: 'Not registered',
  failed: 'Registration failed',
  off: 'No softphone',
} as const;

function PopView({ pop }: { pop: ScreenPop }) {
  return (
    <div className="softphone-pop" data-testid="softphone-pop">
      <p>
        Caller: <strong data-testid="softphone-caller">{pop.caller}</strong>
        {pop.queue && <> · queue {pop.queue}</>}
      </p>
      {pop.data.length > 0 && (
        <dl data-testid="softphone-data">
          {pop.data.map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {pop.path.length > 0 && (
        <ol className="softphone-path" data-testid="softphone-path">
          {pop.path.map((step, index) => (
            <li key={`${index}-${step}`}>{step}</li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function SoftphonePanel() {
  const audio = useRef<HTMLAudioElement | null>(null);
  const phone = useSoftphone(audio);
  if (phone.registration === 'off') return null;
  const inCall = phone.call === 'active' || phone.call === 'answering';
  return (
    <section
      aria-label="Softphone"
      className="softphone"
      data-testid="softphone"
      data-registration={phone.registration}
      data-call={phone.call}
      data-remote-level={phone.remoteLevel.toFixed(4)}
    >
      <h2>Phone</h2>
      <p data-testid="softphone-status">{REGISTRATION_LABELS[phone.registration]}</p>
      {phone.error && <p className="error">{phone.error}</p>}
      <audio ref={audio} autoPlay />
      {phone.call !== 'idle' && phone.pop && <PopView pop={phone.pop} />}
      {phone.call === 'ringing' && (
        <div className="softphone-actions">
          <button type="button" onClick={phone.accept} data-testid="softphone-accept">
            Accept
          </button>
          <button type="button" onClick={phone.decline} data-testid="softphone-decline">
            Decline
          </button>
        </div>
      )}
      {inCall && (
        <>
          <div className="softphone-actions">
            <button type="button" onClick={phone.toggleMute} aria-pressed={phone.muted} data-testid="softphone-mute">
              {phone.muted ? 'Unmute' : 'Mute'}
            </button>
            <button type="button" onClick={phone.toggleHold} aria-pressed={phone.held} data-testid="softphone-hold">
              {phone.held ? 'Resume' : 'Hold'}
            </button>
            <button type="button" onClick={phone.end} data-testid="softphone-end">
              End
            </button>
          </div>
          <div className="softphone-keypad" role="group" aria-label="Keypad">
            {KEYS.map((key) => (
              <button key={key} type="button" onClick={() => phone.dtmf(key)} data-testid={`softphone-key-${key}`}>
                {key}
              </button>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
