import { z } from 'zod';

/**
 * Zod's own texts in Russian, for the problems a schema gives no message of its own for: every
 * request part the API parses goes through this, so a refusal never speaks English.
 */
export const inRussian = { error: z.locales.ru().localeError } as const;
