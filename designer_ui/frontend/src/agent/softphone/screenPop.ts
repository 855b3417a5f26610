/**
 * The screen pop: what the caller's interaction carries, read from the INVITE's X- headers the
 * voice worker sets (`X-Interaction-Id`, `X-Interaction-Queue`, `X-Interaction-Caller` (the
 * caller's number; else the SIP From), `X-Interaction-Data` as JSON (optionally URL-encoded),
 * `X-Interaction-Path` as block names joined by `>`). Headers are untrusted: each is cut to a
 * bounded size and data that is not a JSON object shows as nothing rather than failing the call.
 */

export const MAX_HEADER_CHARS = 4096;
export const MAX_FIELDS = 50;
export const MAX_PATH_STEPS = 50;

export interface ScreenPop {
  interactionId: string | null;
  queue: string | null;
  caller: string;
  data: [string, string][];
  path: string[];
}

type HeaderReader = (name: string) => string | undefined;

function header(read: HeaderReader, name: string): string | null {
  const value = read(name);
  return value ? value.slice(0, MAX_HEADER_CHARS) : null;
}

function dataFields(text: string | null): [string, string][] {
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeURIComponent(text));
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
  return Object.entries(parsed as Record<string, unknown>)
    .slice(0, MAX_FIELDS)
    .map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]);
}

export function readScreenPop(read: HeaderReader, caller: string): ScreenPop {
  const path = header(read, 'X-Interaction-Path');
  return {
    interactionId: header(read, 'X-Interaction-Id'),
    queue: header(read, 'X-Interaction-Queue'),
    caller: header(read, 'X-Interaction-Caller') ?? caller,
    data: dataFields(header(read, 'X-Interaction-Data')),
    path: path ? path.split('>').map((step) => step.trim()).filter(Boolean).slice(0, MAX_PATH_STEPS) : [],
  };
}
