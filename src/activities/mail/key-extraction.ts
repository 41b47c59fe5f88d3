/**
 * Key extraction from the files of a vendor reply. Each file format has an extractor; the first one
 * that accepts a file reads it. A vendor with a new shape of reply gets a new extractor in
 * FILE_EXTRACTORS (or a key pattern in its mail rules), not a special case in the mail parser.
 */
import { csvKeyExtractor } from './csv-keys';
import type { ExtractionContext, FileExtractor, MailFile } from './extraction-context';
import { officeKeyExtractor } from './office-keys';
import { pdfKeyExtractor } from './pdf-keys';
import { deliveryStatusExtractor, htmlKeyExtractor, sniffedTextExtractor, textKeyExtractor } from './text-keys';
import { xmlKeyExtractor } from './xml-keys';
import { zipKeyExtractor } from './zip-keys';

export type { ExtractedKey, ExtractionContext, ExtractionLimits, FileExtractor, MailFile } from './extraction-context';
export { EXTRACTION_LIMITS } from './extraction-context';

/** In order of precedence: containers and structured formats before the plain-text readers. */
export const FILE_EXTRACTORS: readonly FileExtractor[] = [
  officeKeyExtractor,
  zipKeyExtractor,
  pdfKeyExtractor,
  csvKeyExtractor,
  xmlKeyExtractor,
  htmlKeyExtractor,
  deliveryStatusExtractor,
  textKeyExtractor,
  sniffedTextExtractor,
];

// Files that never carry keys: saying "could not read" about them would only be noise for staff.
const SILENT_TYPES = /^(image\/|audio\/|video\/|font\/|application\/(pkcs7-signature|x-pkcs7-signature|pgp-signature|pgp-keys|ics)|text\/(calendar|vcard|x-vcard))/;
const SILENT_NAMES = /^(\.ds_store|thumbs\.db|desktop\.ini)$/i;

/** Reads one file with the first extractor that accepts it; a failure becomes a problem, never an exception. */
export async function extractFromFile(file: MailFile, context: ExtractionContext, extractors: readonly FileExtractor[]): Promise<void> {
  if (file.name) context.addText(file.name);
  const extractor = extractors.find((e) => e.accepts(file));
  if (!extractor) {
    if (!file.inline && !SILENT_TYPES.test(file.contentType) && !SILENT_NAMES.test(file.name)) {
      context.problem(
        `Вложение «${file.path || file.contentType}» (${file.contentType}) автоматически не читается: если ключи в нём, внесите их вручную.`,
      );
    }
    return;
  }
  try {
    await extractor.extract(file, context);
  } catch (error) {
    context.problem(`Вложение «${file.path || file.contentType}» не удалось прочитать (${(error as Error).message}): ключи из него не взяты.`);
  }
}
