/**
 * A package README, shown without `dangerouslySetInnerHTML`.
 *
 * The API renders README Markdown server-side with markdown-it (`html` off, so raw HTML in the
 * Markdown arrives escaped as text; images disabled; `javascript:`/`data:` links refused). That
 * HTML would be safe to insert as it is, but READMEs come from package authors, so the page does
 * not rely on it alone: the HTML is parsed into an inert document (DOMParser runs no script and
 * loads nothing), and only an allowlist of text elements is rebuilt as React elements, whose
 * text React escapes again. Links keep only http(s) and mailto targets and open in a new tab
 * without a referrer; every attribute but a link's target and a table cell's alignment is dropped.
 */

import { createElement, Fragment, useMemo, type ReactNode } from 'react';

const ALLOWED = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'strong',
  'del', 's', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'br', 'a',
]);
/** Elements dropped with everything inside them. */
const DROPPED = new Set(['script', 'style', 'template', 'iframe', 'object', 'embed', 'img', 'svg', 'math', 'form', 'noscript']);
const VOID = new Set(['hr', 'br']);
const ALIGNMENTS = new Set(['left', 'right', 'center']);

export function safeHref(href: string | null): string | null {
  if (!href) return null;
  try {
    const url = new URL(href);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function cellAlignment(element: Element): 'left' | 'right' | 'center' | undefined {
  const match = /text-align:\s*(\w+)/.exec(element.getAttribute('style') ?? '');
  const value = match?.[1];
  return value && ALIGNMENTS.has(value) ? (value as 'left' | 'right' | 'center') : undefined;
}

function toReact(node: Node, key: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const element = node as Element;
  const tag = element.tagName.toLowerCase();
  if (DROPPED.has(tag)) return null;
  const children = Array.from(element.childNodes, (child, index) => toReact(child, index));
  if (!ALLOWED.has(tag)) return <Fragment key={key}>{children}</Fragment>;
  if (VOID.has(tag)) return createElement(tag, { key });
  if (tag === 'a') {
    const href = safeHref(element.getAttribute('href'));
    if (!href) return <span key={key}>{children}</span>;
    return (
      <a key={key} href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    );
  }
  if (tag === 'th' || tag === 'td') {
    const textAlign = cellAlignment(element);
    return createElement(tag, { key, style: textAlign ? { textAlign } : undefined }, ...children);
  }
  return createElement(tag, { key }, ...children);
}

export function readmeElements(html: string): ReactNode[] {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  return Array.from(parsed.body.childNodes, (node, index) => toReact(node, index));
}

export function ReadmeView({ html, testId = 'readme' }: { html: string; testId?: string }) {
  const content = useMemo(() => readmeElements(html), [html]);
  return (
    <article className="readme" data-testid={testId}>
      {content}
    </article>
  );
}
