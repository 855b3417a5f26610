/** Write-only credential inputs: they start empty, show only whether a value is stored, and are
 * never filled from the server (it never sends credentials back). */

import type { Provider } from './botsApi';
import { CREDENTIAL_FIELDS } from './botDraft';

interface CredentialFieldsProps {
  provider: Provider;
  stored: string[];
  values: Record<string, string>;
  remove: boolean;
  readOnly: boolean;
  onChange(values: Record<string, string>, remove: boolean): void;
}

export function CredentialFields({ provider, stored, values, remove, readOnly, onChange }: CredentialFieldsProps) {
  const specs = CREDENTIAL_FIELDS[provider];
  if (specs.length === 0) return null;
  return (
    <fieldset className="bot-credentials" data-testid="bot-credentials">
      <legend>Credentials (write-only, stored encrypted)</legend>
      <p className="help">
        {stored.length
          ? `Stored: ${stored.join(', ')}. Leave empty to keep them; typing replaces all of them.`
          : 'None stored: the runtime uses its own default credentials.'}
      </p>
      {specs.map((spec) => {
        const common = {
          'aria-label': spec.label,
          'data-testid': `bot-credential-${spec.key}`,
          autoComplete: 'off',
          spellCheck: false,
          readOnly: readOnly || remove,
          placeholder: stored.includes(spec.key) ? '•••••• stored' : '',
          value: values[spec.key] ?? '',
        };
        return (
          <label key={spec.key} className="schema-field">
            <span className="field-label">{spec.label}</span>
            {spec.multiline ? (
              <textarea rows={4} className="mono" {...common} onChange={(event) => onChange({ ...values, [spec.key]: event.target.value }, remove)} />
            ) : (
              <input type="password" {...common} autoComplete="new-password" onChange={(event) => onChange({ ...values, [spec.key]: event.target.value }, remove)} />
            )}
          </label>
        );
      })}
      {stored.length > 0 && !readOnly && (
        <label className="inline">
          <input type="checkbox" data-testid="bot-credentials-remove" checked={remove} onChange={(event) => onChange({}, event.target.checked)} />
          Remove the stored credentials
        </label>
      )}
    </fieldset>
  );
}
