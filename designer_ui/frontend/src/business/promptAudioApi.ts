/** Recordings of shared prompts: one WAV file per language (`/prompts/{name}/audio/{language}`). */

import { request } from '../api/client';

const enc = encodeURIComponent;

/** What the server says about one recording. */
export interface AudioInfo {
  content_type: string;
  size: number;
  uploaded_at: string | null;
  uploaded_by: string | null;
  url: string;
}

/** The server's limit on recordings (`DESIGNER_AUDIO_MAX_BYTES`, 5 MB unless configured). */
export const AUDIO_MAX_BYTES = 5 * 1024 * 1024;

const WAV_TYPES = new Set(['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave']);

/** Why this file cannot be uploaded as a prompt recording, or null when it may be sent. */
export function audioFileProblem(file: File): string | null {
  const isWav = WAV_TYPES.has(file.type) || /\.wave?$/i.test(file.name);
  if (!isWav) {
    const kind = file.type ? ` (${file.type})` : '';
    return `“${file.name}” is not a WAV file${kind}. Prompts take WAV recordings only.`;
  }
  if (file.size > AUDIO_MAX_BYTES) {
    return `“${file.name}” is ${formatBytes(file.size)}; recordings may be at most ${formatBytes(AUDIO_MAX_BYTES)}.`;
  }
  if (file.size === 0) return `“${file.name}” is empty.`;
  return null;
}

export function formatBytes(size: number): string {
  if (size >= 1024 * 1024) return `${(size / (1024 * 1024)).toFixed(1)} MB`;
  if (size >= 1024) return `${Math.round(size / 1024)} KB`;
  return `${size} bytes`;
}

function audioPath(name: string, language: string): string {
  return `/prompts/${enc(name)}/audio/${enc(language)}`;
}

export const promptAudioApi = {
  /** Where the `<audio>` element plays a recording from; `version` makes a new upload load afresh. */
  playUrl: (name: string, language: string, version: string | null) =>
    `/api/v1${audioPath(name, language)}${version ? `?v=${enc(version)}` : ''}`,
  upload: async (name: string, language: string, file: File) =>
    (await request<AudioInfo>(audioPath(name, language), { method: 'PUT', rawBody: file, contentType: 'audio/wav' })).body,
  remove: async (name: string, language: string) => {
    await request<unknown>(audioPath(name, language), { method: 'DELETE' });
  },
};
