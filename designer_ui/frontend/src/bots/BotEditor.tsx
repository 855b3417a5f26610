/** One registry entry: provider, ids, declared intents or the native definition, credentials. */

import { useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { CredentialFields } from './CredentialFields';
import { IntentsEditor } from './IntentsEditor';
import { TestConnection } from './TestConnection';
import { PROVIDER_FIELDS, REMOTE_FIELDS, draftOf, newDraft, saveBody, type BotDraft, type FieldSpec } from './botDraft';
import { PROVIDERS, botsApi, type Bot, type Provider } from './botsApi';

interface BotEditorProps {
  bot: Bot | null;
  canEdit: boolean;
  /** Shown when the editor opens (e.g. "Saved." right after the bot was created). */
  notice?: string | null;
  onSaved(bot: Bot): void;
  onDeleted(name: string): void;
}

function fieldErrors(error: unknown): string {
  if (error instanceof ApiError && error.details.fields) {
    const fields = error.details.fields as Record<string, unknown>;
    const parts = Object.entries(fields).map(([field, messages]) => `${field}: ${JSON.stringify(messages)}`);
    return `${error.message} ${parts.join('; ')}`;
  }
  return errorMessage(error);
}

export function BotEditor({ bot: loaded, canEdit, notice = null, onSaved, onDeleted }: BotEditorProps) {
  const [bot, setBot] = useState<Bot | null>(loaded);
  const [draft, setDraft] = useState<BotDraft>(() => (loaded ? draftOf(loaded) : newDraft()));
  const [message, setMessage] = useState<string | null>(notice);
  const [saving, setSaving] = useState(false);
  const creating = bot === null;
  const readOnly = !canEdit;
  const set = (change: Partial<BotDraft>) => setDraft((current) => ({ ...current, ...change }));

  const settingInput = (spec: FieldSpec) => (
    <label key={spec.key} className="schema-field">
      <span className="field-label">{spec.label}</span>
      <input
        data-testid={`bot-field-${spec.key}`}
        value={draft.settings[spec.key]}
        placeholder={spec.placeholder}
        readOnly={readOnly}
        onChange={(event) => set({ settings: { ...draft.settings, [spec.key]: event.target.value } })}
      />
    </label>
  );

  async function save() {
    setSaving(true);
    setMessage(null);
    try {
      const body = saveBody(draft);
      const saved = creating ? await botsApi.create(draft.name.trim(), body) : await botsApi.update(draft.name, body, bot.revision);
      setBot(saved);
      setDraft(draftOf(saved));
      setMessage('Saved.');
      onSaved(saved);
    } catch (caught) {
      setMessage(`Not saved: ${fieldErrors(caught)}`);
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (!bot || !window.confirm(`Remove bot '${bot.name}' from the registry?`)) return;
    try {
      await botsApi.remove(bot.name);
      onDeleted(bot.name);
    } catch (caught) {
      setMessage(`Not removed: ${errorMessage(caught)}`);
    }
  }

  const native = draft.provider === 'native';
  return (
    <div className="bot-editor">
      <form
        className="resource-form"
        data-testid="bot-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <h2>{creating ? 'New bot' : draft.name}</h2>
        {creating && (
          <label className="schema-field">
            <span className="field-label">Name (what flows use)</span>
            <input data-testid="bot-field-name" value={draft.name} onChange={(event) => set({ name: event.target.value })} required />
          </label>
        )}
        <label className="schema-field">
          <span className="field-label">Provider</span>
          <select data-testid="bot-field-provider" value={draft.provider} disabled={readOnly} onChange={(event) => set({ provider: event.target.value as Provider })}>
            {PROVIDERS.map((provider) => (
              <option key={provider.id} value={provider.id}>
                {provider.label}
              </option>
            ))}
          </select>
        </label>
        <label className="schema-field">
          <span className="field-label">Description</span>
          <input data-testid="bot-field-description" value={draft.description} readOnly={readOnly} onChange={(event) => set({ description: event.target.value })} />
        </label>
        {PROVIDER_FIELDS[draft.provider].map(settingInput)}
        {settingInput({ key: 'language', label: 'Language when a turn has none' })}
        {!native && REMOTE_FIELDS.map(settingInput)}
        {native ? (
          <label className="schema-field">
            <span className="field-label">
              Native definition (YAML){bot?.native_revision ? ` — revision ${bot.native_revision}` : ''}
            </span>
            <textarea
              className="mono bot-native"
              data-testid="bot-field-native"
              rows={16}
              spellCheck={false}
              value={draft.nativeText}
              readOnly={readOnly}
              onChange={(event) => set({ nativeText: event.target.value })}
            />
            {bot && bot.pinned_by.length > 0 && (
              <span className="help" data-testid="bot-pins">
                Pinned by {bot.pinned_by.map((pin) => `${pin.flow_id} v${pin.version} (revision ${pin.native_revision})`).join(', ')}
              </span>
            )}
          </label>
        ) : (
          <IntentsEditor intents={draft.intents} readOnly={readOnly} onChange={(intents) => set({ intents })} />
        )}
        <CredentialFields
          provider={draft.provider}
          stored={bot && bot.provider === draft.provider ? bot.credential_fields : []}
          values={draft.credentials}
          remove={draft.removeCredentials}
          readOnly={readOnly}
          onChange={(credentials, removeCredentials) => set({ credentials, removeCredentials })}
        />
        {canEdit && (
          <div className="inline-form">
            <button type="submit" className="primary" data-testid="bot-save" disabled={saving || (creating && !draft.name.trim())}>
              {creating ? 'Create' : 'Save'}
            </button>
            {!creating && (
              <button type="button" data-testid="bot-delete" onClick={() => void remove()}>
                Remove
              </button>
            )}
          </div>
        )}
        {message && (
          <p className="notice" data-testid="bot-message">
            {message}
          </p>
        )}
      </form>
      {!creating && canEdit && <TestConnection key={draft.name} name={draft.name} />}
    </div>
  );
}
