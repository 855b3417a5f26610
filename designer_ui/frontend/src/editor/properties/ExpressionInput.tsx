/** An expression or template field: monospace, checked as you type, the error shown at its column. */

import { useId } from 'react';
import { useExpressionCheck } from './useExpressionCheck';

interface ExpressionInputProps {
  kind: 'expression' | 'template';
  value: string;
  path: string;
  readOnly: boolean;
  onChange(value: string): void;
}

/** The line the error is on, with a caret under its column. */
function ErrorPointer({ text, line, column }: { text: string; line: number; column: number }) {
  const source = text.split('\n')[line - 1] ?? '';
  const caretAt = Math.max(0, Math.min(column - 1, source.length));
  return (
    <pre className="error-pointer" aria-hidden="true">
      {source}
      {'\n'}
      {' '.repeat(caretAt)}^
    </pre>
  );
}

export function ExpressionInput({ kind, value, path, readOnly, onChange }: ExpressionInputProps) {
  const check = useExpressionCheck(kind, value);
  const errorId = useId();
  const error = check && !check.ok ? check.error : undefined;
  const multiline = kind === 'template' || value.includes('\n');
  const common = {
    className: error ? 'expression-input invalid' : 'expression-input',
    value,
    readOnly,
    spellCheck: false,
    'data-testid': `field-${path}`,
    'data-kind': kind,
    'aria-invalid': !!error,
    'aria-describedby': error ? errorId : undefined,
  };
  return (
    <div className="expression-field">
      {multiline ? (
        <textarea {...common} rows={2} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input {...common} onChange={(event) => onChange(event.target.value)} />
      )}
      {error && (
        <div className="expression-error" id={errorId} role="alert" data-testid={`expr-error-${path}`} data-column={error.column ?? ''}>
          <span>
            {error.column ? `Column ${error.column}: ` : ''}
            {error.message}
          </span>
          {error.column ? <ErrorPointer text={value} line={error.line ?? 1} column={error.column} /> : null}
        </div>
      )}
      {check?.ok && check.names && check.names.length > 0 && (
        <div className="expression-names" data-testid={`expr-names-${path}`}>
          uses: {check.names.join(', ')}
        </div>
      )}
    </div>
  );
}
