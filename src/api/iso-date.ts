import { z } from 'zod';

/** A real calendar date 'YYYY-MM-DD' (not 2026-02-30): the edge refuses what would fail deeper in. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'дата в формате ГГГГ-ММ-ДД', abort: true })
  .refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
  }, 'такой даты нет в календаре');
