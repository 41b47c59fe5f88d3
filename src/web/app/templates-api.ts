/** A dealer's saved order templates (src/api/order-templates/order-templates.routes.ts). */
import type { WireOf } from '../../api/common.schemas';
import type { z } from 'zod';
import type { orderTemplateAnswerSchema, orderTemplateSchema, templateLineSchema } from '../../api/order-templates/order-templates.schemas';
import { api } from './api';

export type TemplateLine = WireOf<typeof templateLineSchema>;
export type OrderTemplate = WireOf<typeof orderTemplateAnswerSchema>;

export const listTemplates = () => api<{ items: OrderTemplate[] }>('GET', '/api/order-templates').then((r) => r.items);
export const saveTemplate = (name: string, lines: z.input<typeof orderTemplateSchema>['lines']) => api<{ template: OrderTemplate }>('POST', '/api/order-templates', { name, lines }).then((r) => r.template);
export const deleteTemplate = (id: string) => api<void>('DELETE', `/api/order-templates/${encodeURIComponent(id)}`);

/**
 * A template as quick-order text ("артикул; количество; вендор" per line): loading it fills the
 * textarea, and the dealer checks it like any paste, so one resolver decides what a line means.
 */
export const templateAsText = (template: OrderTemplate) => template.lines.map((l) => [l.partNumber, l.quantity, l.vendor].filter((v) => v !== undefined && v !== '').join('; ')).join('\n');
