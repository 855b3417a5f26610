/**
 * The web chat widget: `<script src="https://chat.example.com/widget/chat.js"></script>` then
 * `DesignerChat.init({server, entry, title, theme})`.
 */

import type { DesignerChatApi, WidgetConfig } from './types';
import { ChatWidget } from './widget';

let current: ChatWidget | null = null;

function init(config: WidgetConfig): void {
  if (!config || typeof config.server !== 'string' || typeof config.entry !== 'string' || !config.entry) {
    throw new Error('DesignerChat.init needs {server, entry}');
  }
  current?.destroy();
  const start = () => {
    current = new ChatWidget(config);
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}

export const DesignerChat: DesignerChatApi = {
  init,
  open: () => current?.open(),
  close: () => current?.close(),
  destroy: () => {
    current?.destroy();
    current = null;
  },
};

declare global {
  interface Window {
    DesignerChat: DesignerChatApi;
  }
}

window.DesignerChat = DesignerChat;
