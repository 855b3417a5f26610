/**
 * The softphone's state machine over JsSIP: register with Kamailio over WebSocket using the
 * Designer's short-lived credential, ring on an incoming call, and carry out the agent's
 * accept / decline / mute / hold / end / DTMF. One call at a time: a second call while one is
 * ringing or active is declined busy (486).
 */

import { useCallback, useEffect, useRef, useState } from 'react';
import { C, UA, WebSocketInterface } from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { IncomingRTCSessionEvent } from 'jssip/lib/UA';
import { errorMessage } from '../../api/client';
import { meterStream, type LevelMeter } from './levelMeter';
import { readScreenPop, type ScreenPop } from './screenPop';
import { softphoneApi } from './softphoneApi';

export type Registration = 'connecting' | 'registered' | 'unregistered' | 'failed' | 'off';
export type CallState = 'idle' | 'ringing' | 'answering' | 'active';

const LEVEL_MS = 100;
const MEDIA = { audio: true, video: false };

export interface Softphone {
  registration: Registration;
  error: string | null;
  call: CallState;
  pop: ScreenPop | null;
  muted: boolean;
  held: boolean;
  remoteLevel: number;
  accept: () => void;
  decline: () => void;
  end: () => void;
  toggleMute: () => void;
  toggleHold: () => void;
  dtmf: (tone: string) => void;
}

export function useSoftphone(audio: React.RefObject<HTMLAudioElement | null>): Softphone {
  const [registration, setRegistration] = useState<Registration>('connecting');
  const [error, setError] = useState<string | null>(null);
  const [call, setCall] = useState<CallState>('idle');
  const [pop, setPop] = useState<ScreenPop | null>(null);
  const [muted, setMuted] = useState(false);
  const [held, setHeld] = useState(false);
  const [remoteLevel, setRemoteLevel] = useState(0);
  const session = useRef<RTCSession | null>(null);
  const meter = useRef<LevelMeter | null>(null);

  const reset = useCallback(() => {
    session.current = null;
    meter.current?.close();
    meter.current = null;
    setCall('idle');
    setMuted(false);
    setHeld(false);
    setRemoteLevel(0);
  }, []);

  const attachRemote = useCallback(
    (connection: RTCPeerConnection) => {
      connection.addEventListener('track', (event) => {
        const stream = event.streams[0] ?? new MediaStream([event.track]);
        if (audio.current) {
          audio.current.srcObject = stream;
          void audio.current.play().catch(() => undefined);
        }
        meter.current?.close();
        meter.current = meterStream(stream);
      });
    },
    [audio],
  );

  const onIncoming = useCallback(
    (event: IncomingRTCSessionEvent) => {
      const incoming = event.session;
      if (session.current) {
        incoming.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
        return;
      }
      session.current = incoming;
      setPop(readScreenPop((name) => event.request.getHeader(name), event.request.from.uri.toString()));
      setCall('ringing');
      incoming.on('peerconnection', (data) => attachRemote(data.peerconnection));
      incoming.on('confirmed', () => setCall('active'));
      incoming.on('ended', reset);
      incoming.on('failed', reset);
      incoming.on('hold', () => setHeld(true));
      incoming.on('unhold', () => setHeld(false));
    },
    [attachRemote, reset],
  );

  useEffect(() => {
    let ua: UA | null = null;
    let cancelled = false;
    softphoneApi
      .credential()
      .then((credential) => {
        if (cancelled) return;
        ua = new UA({
          sockets: [new WebSocketInterface(credential.ws_url)],
          uri: credential.sip_uri,
          authorization_user: credential.username,
          password: credential.password,
          register: true,
          session_timers: false,
        });
        ua.on('registered', () => setRegistration('registered'));
        ua.on('unregistered', () => setRegistration('unregistered'));
        ua.on('registrationFailed', (data) => {
          setRegistration('failed');
          setError(`Registration failed: ${data.cause ?? 'unknown'}`);
        });
        ua.on('newRTCSession', (data: IncomingRTCSessionEvent) => {
          if (data.originator === 'remote') onIncoming(data);
        });
        ua.start();
      })
      .catch((reason: unknown) => {
        if (cancelled) return;
        setRegistration('off');
        setError(errorMessage(reason));
      });
    return () => {
      cancelled = true;
      ua?.stop();
    };
  }, [onIncoming]);

  useEffect(() => {
    if (call !== 'active') return;
    const timer = setInterval(() => setRemoteLevel(meter.current?.level() ?? 0), LEVEL_MS);
    return () => clearInterval(timer);
  }, [call]);

  return {
    registration,
    error,
    call,
    pop,
    muted,
    held,
    remoteLevel,
    accept: () => {
      if (!session.current || call !== 'ringing') return;
      setCall('answering');
      session.current.answer({ mediaConstraints: MEDIA });
      const connection = session.current.connection as unknown as RTCPeerConnection | undefined;
      if (connection) attachRemote(connection);
    },
    decline: () => session.current?.terminate({ status_code: 603, reason_phrase: 'Decline' }),
    end: () => session.current?.terminate(),
    toggleMute: () => {
      if (!session.current) return;
      if (muted) session.current.unmute({ audio: true });
      else session.current.mute({ audio: true });
      setMuted(!muted);
    },
    toggleHold: () => {
      if (!session.current) return;
      if (held) session.current.unhold();
      else session.current.hold();
    },
    dtmf: (tone: string) => session.current?.sendDTMF(tone, { transportType: C.DTMF_TRANSPORT.RFC2833 }),
  };
}
