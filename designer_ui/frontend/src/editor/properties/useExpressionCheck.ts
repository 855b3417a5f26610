/** Check an expression or template on the server as the user types (debounced). */

import { useEffect, useState } from 'react';
import { paletteApi } from '../../api/endpoints';
import type { ExpressionCheck } from '../../api/types';

const DEBOUNCE_MS = 300;

export function useExpressionCheck(kind: 'expression' | 'template', text: string): ExpressionCheck | null {
  const [result, setResult] = useState<ExpressionCheck | null>(null);

  useEffect(() => {
    if (kind === 'expression' && text.trim() === '') {
      setResult({ ok: false, error: { message: 'An expression is required here.', column: 1, line: 1 } });
      return;
    }
    if (kind === 'template' && !text.includes('{{')) {
      setResult({ ok: true, names: [] });
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      paletteApi
        .checkExpression(kind, text, controller.signal)
        .then(setResult)
        .catch(() => {
          /* offline or aborted: keep the last answer */
        });
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [kind, text]);

  return result;
}
