import { z } from 'zod';

/**
 * A real calendar date 'YYYY-MM-DD' (not 2026-02-30) of years 1900 to 9999: the edge refuses what
 * would fail deeper in (PostgreSQL has no year 0; schemathesis found `0000-10-10` answered 500).
 */
export const isoDateSchema = z
  .string()
  .regex(/^(19|[2-9]\d)\d{2}-\d{2}-\d{2}$/, { error: 'дата в формате ГГГГ-ММ-ДД, год от 1900', abort: true })
  .refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
  }, 'такой даты нет в календаре');
