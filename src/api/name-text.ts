import { z } from 'zod';
import { hasBidiControl } from '../domain/text-safety';
import { ru } from '../locale/ru';

/**
 * The one refinement for names at the edge (dealer, user, product, template, group, customer,
 * key names): no bidirectional control characters (src/domain/text-safety.ts).
 */
export function refuseBidiControls<S extends z.ZodType<string | null | undefined>>(schema: S) {
  return schema.refine((value) => typeof value !== 'string' || !hasBidiControl(value), { message: ru.validation.bidiControls });
}
