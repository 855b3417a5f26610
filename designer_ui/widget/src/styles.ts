/**
 * The widget's styles, inside its shadow root so the page's CSS and the widget's never mix.
 * Every colour, the font, corner radius and size are CSS variables: set them with
 * `init({theme})` or on the page (`--dc-accent: #c00` on body reaches inside).
 */

import type { Theme } from './types';

export const WIDGET_CSS = `
:host { all: initial; }
.dc { --accent: var(--dc-accent, #2456a6); --accent-text: var(--dc-accent-text, #fff);
  --bg: var(--dc-bg, #fff); --text: var(--dc-text, #1b1f24); --muted: var(--dc-muted, #5d6670);
  --bubble: var(--dc-bubble, #eef1f4); --radius: var(--dc-radius, 12px);
  font: 15px/1.4 var(--dc-font, system-ui, -apple-system, "Segoe UI", sans-serif);
  color: var(--text); position: fixed; bottom: 20px; right: 20px; z-index: 2147483000; }
.dc.left { right: auto; left: 20px; }
.launcher { background: var(--accent); color: var(--accent-text); border: 0;
  border-radius: 999px; padding: 12px 20px; font: inherit; font-weight: 600; cursor: pointer;
  box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.launcher:focus-visible, button:focus-visible, input:focus-visible {
  outline: 3px solid var(--dc-focus, #f0a500); outline-offset: 2px; }
.panel { display: flex; flex-direction: column; width: var(--dc-width, 360px);
  height: var(--dc-height, 520px); max-height: calc(100vh - 40px); max-width: calc(100vw - 40px);
  background: var(--bg); border-radius: var(--radius); overflow: hidden;
  box-shadow: 0 8px 30px rgba(0,0,0,.28); }
.panel[hidden], .launcher[hidden] { display: none; }
.head { display: flex; align-items: center; gap: 8px; background: var(--accent);
  color: var(--accent-text); padding: 10px 12px; }
.head h2 { font-size: 16px; margin: 0; flex: 1; }
.head button { background: transparent; color: inherit; border: 1px solid currentColor;
  border-radius: 6px; font: inherit; font-size: 13px; padding: 3px 8px; cursor: pointer; }
.status { font-size: 12px; color: var(--muted); padding: 2px 12px; min-height: 16px; }
.log { flex: 1; min-height: 0; overflow-y: auto; padding: 10px 12px; display: flex; flex-direction: column;
  gap: 8px; }
.msg { max-width: 85%; padding: 8px 11px; border-radius: var(--radius); white-space: pre-wrap;
  overflow-wrap: anywhere; }
.msg.flow, .msg.agent { align-self: flex-start; background: var(--bubble); }
.msg.visitor { align-self: flex-end; background: var(--accent); color: var(--accent-text); }
.msg.pending { opacity: .6; }
.msg.failed { outline: 2px solid #c62828; }
.msg .who { display: block; font-size: 11px; font-weight: 600; color: var(--muted); }
.note { align-self: center; font-size: 12px; color: var(--muted); text-align: center; }
.buttons { display: flex; flex-wrap: wrap; gap: 6px; align-self: flex-start; }
.buttons button { background: var(--bg); color: var(--accent); border: 1px solid var(--accent);
  border-radius: 999px; padding: 5px 12px; font: inherit; cursor: pointer; }
.buttons button:disabled { opacity: .45; cursor: default; }
.typing { align-self: flex-start; color: var(--muted); font-size: 13px; padding: 0 12px 6px; }
.typing[hidden] { display: none; }
.compose { display: flex; gap: 6px; border-top: 1px solid var(--bubble); padding: 8px; }
.compose input { flex: 1; font: inherit; padding: 8px 10px; border: 1px solid #b8c0c8;
  border-radius: 8px; min-width: 0; color: var(--text); background: var(--bg); }
.compose button, .restart { background: var(--accent); color: var(--accent-text); border: 0;
  border-radius: 8px; padding: 8px 14px; font: inherit; font-weight: 600; cursor: pointer; }
.compose button:disabled, .compose input:disabled { opacity: .5; cursor: default; }
.restart { margin: 8px auto; flex: none; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
`;

const VARIABLES: Record<Exclude<keyof Theme, 'position'>, string> = {
  accent: '--dc-accent',
  accentText: '--dc-accent-text',
  background: '--dc-bg',
  text: '--dc-text',
  font: '--dc-font',
  radius: '--dc-radius',
  width: '--dc-width',
  height: '--dc-height',
};

/** Apply a theme as CSS variables on the widget's host element. */
export function applyTheme(host: HTMLElement, theme: Theme | undefined): void {
  if (!theme) return;
  for (const [key, variable] of Object.entries(VARIABLES)) {
    const value = theme[key as keyof typeof VARIABLES];
    if (typeof value === 'string' && value) host.style.setProperty(variable, value);
  }
}

export function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = WIDGET_CSS;
  root.append(style);
}
