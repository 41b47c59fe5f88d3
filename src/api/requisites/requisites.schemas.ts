import { z } from 'zod';
import { ru } from '../../locale/ru';
import { fieldErrorSchema } from '../common.schemas';

const t = ru.requisites;
// Generous bounds: a mistyped requisite should get a message saying what is wrong, not a 400;
// a legal form may be written out in full.
const text = (max: number) => z.string({ error: t.notText }).max(max, t.tooLong(max)).nullish();

export const checkRequisitesSchema = z.object({
  legalForm: text(100),
  inn: text(40),
  kpp: text(40),
  ogrn: text(40),
  bik: text(40),
  correspondentAccount: text(40),
  settlementAccount: text(40),
});

/** Findings for the requisites sent, at most one error per field. */
export const requisitesCheckSchema = z.object({
  errors: z.array(fieldErrorSchema),
  warnings: z.array(fieldErrorSchema),
  bank: z
    .object({ bik: z.string(), name: z.string(), city: z.string(), correspondentAccount: z.string().nullable() })
    .nullable()
    .optional()
    .meta({ description: 'The bank of the BIK sent, from the Central Bank’s BIK directory (ED807); null when the directory does not list it' }),
});

export const requisitesContracts = {
  check: { body: checkRequisitesSchema, response: { 200: requisitesCheckSchema } },
};
