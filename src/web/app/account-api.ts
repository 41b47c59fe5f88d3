/** The dealer admin's calls: the dealer's users and API keys (shapes as /api/openapi.json describes them). */
import { api } from './api';

export type DealerRole = 'dealer_user' | 'dealer_admin';
export interface DealerUser {
  id: string;
  login: string;
  fullName: string;
  email: string;
  role: DealerRole;
  disabledAt: string | null;
  createdAt: string;
  /** False while the invitation link is unused. */
  passwordSet: boolean;
}
export interface Invitation {
  sent: boolean;
  message: string;
}
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const user = (id: string, action: string) => `/api/dealer/users/${encodeURIComponent(id)}/${action}`;

export const listUsers = () => api<{ items: DealerUser[] }>('GET', '/api/dealer/users').then((r) => r.items);
export const inviteUser = (body: { login: string; fullName: string; email: string; role: DealerRole }) =>
  api<{ user: DealerUser; invitation: Invitation }>('POST', '/api/dealer/users', body);
export const resendInvitation = (id: string) => api<{ user: DealerUser; invitation: Invitation }>('POST', user(id, 'invitation'), {});
export const changeRole = (id: string, role: DealerRole) => api<{ user: DealerUser }>('POST', user(id, 'role'), { role }).then((r) => r.user);
export const setDisabled = (id: string, disabled: boolean) => api<{ user: DealerUser }>('POST', user(id, disabled ? 'disable' : 'enable'), {}).then((r) => r.user);

export const listApiKeys = () => api<{ items: ApiKey[] }>('GET', '/api/dealer/api-keys').then((r) => r.items);
/** The answer is the only place the key itself ever appears. */
export const createApiKey = (name: string) => api<{ apiKey: ApiKey; key: string }>('POST', '/api/dealer/api-keys', { name });
export const revokeApiKey = (id: string) => api<{ apiKey: ApiKey }>('POST', `/api/dealer/api-keys/${encodeURIComponent(id)}/revoke`, {}).then((r) => r.apiKey);
