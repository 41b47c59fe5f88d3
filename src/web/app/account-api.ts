/** The dealer admin's calls: the dealer's users and API keys (shapes from the routes' response schemas). */
import type { Items, WireOf } from '../../api/common.schemas';
import type { apiKeyAnswerSchema, apiKeySchema, createdApiKeySchema, dealerUserSchema, invitationSchema, invitedUserSchema, userAnswerSchema } from '../../api/accounts/account.schemas';
import { api } from './api';

export type DealerRole = 'dealer_user' | 'dealer_admin';
export type DealerUser = WireOf<typeof dealerUserSchema>;
export type Invitation = WireOf<typeof invitationSchema>;
export type ApiKey = WireOf<typeof apiKeySchema>;

const user = (id: string, action: string) => `/api/dealer/users/${encodeURIComponent(id)}/${action}`;

export const listUsers = () => api<Items<DealerUser>>('GET', '/api/dealer/users').then((r) => r.items);
export const inviteUser = (body: { login: string; fullName: string; email: string; role: DealerRole }) =>
  api<WireOf<typeof invitedUserSchema>>('POST', '/api/dealer/users', body);
export const resendInvitation = (id: string) => api<WireOf<typeof invitedUserSchema>>('POST', user(id, 'invitation'), {});
export const changeRole = (id: string, role: DealerRole) => api<WireOf<typeof userAnswerSchema>>('POST', user(id, 'role'), { role }).then((r) => r.user);
export const setDisabled = (id: string, disabled: boolean) => api<WireOf<typeof userAnswerSchema>>('POST', user(id, disabled ? 'disable' : 'enable'), {}).then((r) => r.user);

export const listApiKeys = () => api<Items<ApiKey>>('GET', '/api/dealer/api-keys').then((r) => r.items);
/** The answer is the only place the key itself ever appears. */
export const createApiKey = (name: string) => api<WireOf<typeof createdApiKeySchema>>('POST', '/api/dealer/api-keys', { name });
export const revokeApiKey = (id: string) => api<WireOf<typeof apiKeyAnswerSchema>>('POST', `/api/dealer/api-keys/${encodeURIComponent(id)}/revoke`, {}).then((r) => r.apiKey);
