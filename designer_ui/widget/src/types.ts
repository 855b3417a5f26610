/** The shapes the chat API sends and the widget's configuration. */

export interface Button {
  key: string;
  label: string;
}

export interface ChatMessage {
  seq: number;
  id: string;
  author: 'visitor' | 'flow' | 'agent' | 'system';
  kind: 'text' | 'prompt' | 'choice' | 'typing' | 'note';
  text: string;
  ts: number;
  data: {
    buttons?: Button[];
    input?: { secure?: boolean; max_length?: number | null };
    event?: string;
    masked?: boolean;
  };
  client_message_id?: string;
}

export interface SessionSummary {
  id: string;
  status: 'active' | 'queued' | 'agent' | 'ended';
  last_seq: number;
  waiting_for: 'visitor' | 'agent' | null;
  buttons?: Button[];
  secure?: boolean;
}

export interface ChatTurn {
  session: SessionSummary;
  messages: ChatMessage[];
  duplicate: boolean;
}

export interface Theme {
  accent?: string;
  accentText?: string;
  background?: string;
  text?: string;
  font?: string;
  radius?: string;
  width?: string;
  height?: string;
  position?: 'left' | 'right';
}

export interface WidgetConfig {
  /** The chat server's base URL, e.g. https://chat.example.com (no trailing slash needed). */
  server: string;
  /** The chat entry point's key. */
  entry: string;
  title?: string;
  theme?: Theme;
  /** Data for the flow (system.<name>); strings only. */
  fields?: Record<string, string>;
  visitorId?: string;
  /** Where the conversation is remembered across page loads: this tab, the browser, nowhere. */
  persist?: 'tab' | 'browser' | 'none';
  /** Open the conversation at once instead of showing only the launcher. */
  open?: boolean;
}

export interface DesignerChatApi {
  init(config: WidgetConfig): void;
  open(): void;
  close(): void;
  destroy(): void;
}
