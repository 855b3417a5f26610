/** One language's recording of a shared prompt: play it, upload a WAV file, or delete it. */

import { useId, useState } from 'react';
import { errorMessage } from '../api/client';
import { audioFileProblem, formatBytes, promptAudioApi, type AudioInfo } from './promptAudioApi';
import './promptAudio.css';

interface PromptRecordingProps {
  prompt: string;
  language: string;
  info: AudioInfo | undefined;
  canEdit: boolean;
  /** False while the prompt exists only in this form: recordings need a saved prompt. */
  saved: boolean;
  onChange(info: AudioInfo | null): void;
}

export function PromptRecording({ prompt, language, info, canEdit, saved, onChange }: PromptRecordingProps) {
  const inputId = useId();
  const [busy, setBusy] = useState<'uploading' | 'deleting' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  async function upload(file: File) {
    const problem = audioFileProblem(file);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy('uploading');
    setError(null);
    try {
      onChange(await promptAudioApi.upload(prompt, language, file));
    } catch (caught) {
      setError(`Not uploaded: ${errorMessage(caught)}`);
    } finally {
      setBusy(null);
    }
  }

  async function remove() {
    setBusy('deleting');
    setError(null);
    try {
      await promptAudioApi.remove(prompt, language);
      setConfirmDelete(false);
      onChange(null);
    } catch (caught) {
      setError(`Not deleted: ${errorMessage(caught)}`);
    } finally {
      setBusy(null);
    }
  }

  const uploaded = info?.uploaded_at ? new Date(info.uploaded_at).toLocaleString() : null;
  return (
    <div className="prompt-audio" data-testid={`prompt-audio-${language}`} data-has-audio={info ? 'true' : 'false'}>
      {info ? (
        <div className="prompt-audio-row">
          <audio
            controls
            preload="metadata"
            src={promptAudioApi.playUrl(prompt, language, info.uploaded_at)}
            aria-label={`Recording of ${prompt} in ${language}`}
            data-testid={`prompt-audio-player-${language}`}
          />
          <span className="muted" data-testid={`prompt-audio-info-${language}`}>
            WAV, {formatBytes(info.size)}
            {info.uploaded_by ? `, uploaded by ${info.uploaded_by}` : ''}
            {uploaded ? ` on ${uploaded}` : ''}
          </span>
        </div>
      ) : (
        <span className="muted">No recording</span>
      )}
      {canEdit && saved && (
        <div className="prompt-audio-actions">
          <label className={busy ? 'file-button disabled' : 'file-button'} htmlFor={inputId}>
            {busy === 'uploading' ? 'Uploading…' : info ? 'Replace WAV…' : 'Upload WAV…'}
          </label>
          <input
            id={inputId}
            className="file-input"
            type="file"
            accept=".wav,audio/wav,audio/x-wav,audio/wave"
            disabled={busy !== null}
            aria-label={`Upload a WAV recording in ${language}`}
            data-testid={`prompt-audio-file-${language}`}
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void upload(file);
            }}
          />
          {info && !confirmDelete && (
            <button type="button" disabled={busy !== null} data-testid={`prompt-audio-delete-${language}`} onClick={() => setConfirmDelete(true)}>
              Delete recording
            </button>
          )}
          {info && confirmDelete && (
            <span className="confirm-inline" role="group" aria-label="Confirm deleting the recording">
              Delete the {language} recording?
              <button type="button" className="danger" disabled={busy !== null} data-testid={`prompt-audio-delete-confirm-${language}`} onClick={() => void remove()}>
                {busy === 'deleting' ? 'Deleting…' : 'Delete'}
              </button>
              <button type="button" disabled={busy !== null} onClick={() => setConfirmDelete(false)}>
                Keep it
              </button>
            </span>
          )}
        </div>
      )}
      {canEdit && !saved && <span className="muted">Save the prompt to add a recording.</span>}
      {error && (
        <p className="form-error" role="alert" data-testid={`prompt-audio-error-${language}`}>
          {error}
        </p>
      )}
    </div>
  );
}
