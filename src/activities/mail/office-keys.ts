/**
 * Keys in Excel (.xlsx) and Word (.docx) files, which Russian vendors send as often as CSV. Both are
 * zip packages of XML: only the parts holding text are unpacked (through the zip limits), the rest
 * (styles, thumbnails, printer settings) is left alone. Reading the sheets' cells is shared with
 * price-list imports (src/infra/xlsx.ts).
 */
import { isSheetPart, readSheets } from '../../infra/xlsx';
import { readKeyTable } from './csv-keys';
import { fileExtension, type ExtractionContext, type FileExtractor, type MailFile } from './extraction-context';
import { readTextFile } from './text-keys';
import { decodeEntities } from './text-decoding';
import { unpackZip } from './zip-keys';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function unpackParts(file: MailFile, context: ExtractionContext, select: (path: string) => boolean): Promise<Map<string, string>> {
  const parts = new Map<string, string>();
  await unpackZip(file, context, async (entry) => void parts.set(entry.entryPath, entry.content.toString('utf8')), select);
  return parts;
}

async function readXlsx(file: MailFile, context: ExtractionContext): Promise<void> {
  for (const sheet of readSheets(await unpackParts(file, context, isSheetPart))) {
    context.addText(sheet.rows.map((cells) => cells.join('\t')).join('\n'));
    readKeyTable(
      sheet.rows.filter((cells) => cells.some((c) => c.trim() !== '')),
      file.name,
      context,
    );
  }
}

async function readDocx(file: MailFile, context: ExtractionContext): Promise<void> {
  const parts = await unpackParts(file, context, (path) => path === 'word/document.xml');
  const xml = parts.get('word/document.xml') ?? '';
  // Word splits a line into runs at will: join runs, break at paragraphs, keep table cells apart.
  const text = decodeEntities(
    xml
      .replace(/<w:tab\/>|<\/w:tc>/g, '\t')
      .replace(/<\/w:p>|<w:br\/>/g, '\n')
      .replace(/<[^>]*>/g, ''),
  );
  readTextFile(text, file, context);
}

export const officeKeyExtractor: FileExtractor = {
  name: 'office',
  accepts: (file) => ['xlsx', 'docx'].includes(fileExtension(file.name)) || [XLSX_TYPE, DOCX_TYPE].includes(file.contentType),
  extract: (file, context) =>
    fileExtension(file.name) === 'docx' || file.contentType === DOCX_TYPE ? readDocx(file, context) : readXlsx(file, context),
};
