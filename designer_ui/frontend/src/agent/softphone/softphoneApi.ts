/** The agent's softphone credential (`GET /api/v1/agents/me/softphone`, docs/agents.md). */

import { getJson } from '../../api/client';

export interface SoftphoneCredential {
  ws_url: string;
  sip_uri: string;
  username: string;
  password: string;
  expires_at: number;
}

export const softphoneApi = {
  credential: () => getJson<SoftphoneCredential>('/agents/me/softphone'),
};
