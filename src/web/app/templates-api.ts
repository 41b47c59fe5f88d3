/** A dealer's saved order templates (src/api/order-templates/order-templates.routes.ts). */
import { api, type LicenseType } from './api';

export interface TemplateLine {
  partNumber: string;
  vendor?: string;
  quantity: number;
  licenseType?: LicenseType;
}
export interface OrderTemplate {
  id: string;
  name: string;
  lines: TemplateLine[];
  createdAt: string;
  updatedAt: string;
}

export const listTemplates = () => api<{ items: OrderTemplate[] }>('GET', '/api/order-templates').then((r) => r.items);
export const saveTemplate = (name: string, lines: TemplateLine[]) => api<{ template: OrderTemplate }>('POST', '/api/order-templates', { name, lines }).then((r) => r.template);
export const deleteTemplate = (id: string) => api<void>('DELETE', `/api/order-templates/${encodeURIComponent(id)}`);

/**
 * A template as quick-order text ("артикул; количество; вендор" per line): loading it fills the
 * textarea, and the dealer checks it like any paste, so one resolver decides what a line means.
 */
export const templateAsText = (template: OrderTemplate) => template.lines.map((l) => [l.partNumber, l.quantity, l.vendor].filter((v) => v !== undefined && v !== '').join('; ')).join('\n');
