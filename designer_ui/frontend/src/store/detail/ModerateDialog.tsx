/** Deprecate or yank a published version, saying why (the message is shown to everyone who installs it). */

import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { Dialog } from '../../common/Dialog';
import { storeApi } from '../storeApi';

export type Moderation = 'deprecate' | 'yank';

const TEXT: Record<Moderation, { title: string; label: string; explain: string; submit: string }> = {
  deprecate: {
    title: 'Deprecate',
    label: 'Message for those who install it',
    explain: 'It still installs, with this message as a warning.',
    submit: 'Deprecate',
  },
  yank: {
    title: 'Yank',
    label: 'Reason',
    explain: 'New installs and downloads are refused; copies already installed keep working. This cannot be undone.',
    submit: 'Yank',
  },
};

interface ModerateDialogProps {
  name: string;
  version: string;
  action: Moderation;
  onClose(): void;
  onDone(): void;
}

export function ModerateDialog({ name, version, action, onClose, onDone }: ModerateDialogProps) {
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const text = TEXT[action];

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      if (action === 'deprecate') await storeApi.deprecate(name, version, message.trim());
      else await storeApi.yank(name, version, message.trim());
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`${text.title} ${name}@${version}`} onClose={onClose} testId="moderate-dialog">
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <p className="muted">{text.explain}</p>
        <label>
          {text.label}
          <textarea rows={3} value={message} data-testid="moderate-message" onChange={(event) => setMessage(event.target.value)} />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="moderate-submit" disabled={busy || !message.trim()}>
            {text.submit}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
