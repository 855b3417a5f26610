/** The document a new flow starts from: one play-message entry in self-service. */

import type { Channel, FlowDocument, FlowKind } from '../api/types';

export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return /^[a-z0-9]/.test(slug) ? slug : `flow-${slug}`.slice(0, 64);
}

export const FLOW_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function newFlowDocument(id: string, name: string, channels: Channel[], kind: FlowKind): FlowDocument {
  return {
    format: 'designer-flow',
    format_version: 1,
    id,
    name,
    description: '',
    kind,
    channels,
    languages: ['en-US'],
    variables: {},
    inputs: [],
    outputs: [],
    phases: { self_service: 'start' },
    blocks: {
      start: {
        type: 'play_message',
        label: 'Welcome',
        ui: { x: 80, y: 60 },
        props: { prompts: [{ tts: `Welcome to ${name}.` }] },
        next: {},
      },
    },
    prompts: {},
  };
}
