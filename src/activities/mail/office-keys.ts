/**
 * Keys in Excel (.xlsx) and Word (.docx) files, which Russian vendors send as often as CSV. Both are
 * zip packages of XML: only the parts holding text are unpacked (through the zip limits), the rest
 * (styles, thumbnails, printer settings) is left alone.
 */
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

function textRuns(xml: string): string {
  return [...xml.matchAll(/<(?:\w+:)?t\b[^>]*>([\s\S]*?)<\/(?:\w+:)?t>/g)].map((m) => decodeEntities(m[1]!)).join('');
}

/** "B12" -> 1 */
function columnIndex(reference: string): number {
  const letters = /^[A-Z]+/.exec(reference)?.[0] ?? '';
  return [...letters].reduce((index, letter) => index * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}

async function readXlsx(file: MailFile, context: ExtractionContext): Promise<void> {
  const parts = await unpackParts(file, context, (path) => path === 'xl/sharedStrings.xml' || /^xl\/worksheets\/[^/]+\.xml$/.test(path));
  const shared = [...(parts.get('xl/sharedStrings.xml') ?? '').matchAll(/<si\b[^>]*>([\s\S]*?)<\/si>/g)].map((m) => textRuns(m[1]!));
  for (const [path, xml] of parts) {
    if (!path.startsWith('xl/worksheets/')) continue;
    const rows: string[][] = [];
    for (const row of xml.matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)) {
      const cells: string[] = [];
      for (const cell of row[1]!.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const attributes = cell[1]!;
        const body = cell[2] ?? '';
        const type = /\bt="([^"]*)"/.exec(attributes)?.[1];
        const value = decodeEntities(/<v>([\s\S]*?)<\/v>/.exec(body)?.[1] ?? '');
        const text = type === 's' ? (shared[Number(value)] ?? '') : type === 'inlineStr' ? textRuns(body) : value;
        const reference = /\br="([A-Z]+)\d+"/.exec(attributes)?.[1];
        const column = reference ? columnIndex(reference) : cells.length;
        while (cells.length < column) cells.push('');
        cells[column] = text;
      }
      rows.push(cells);
    }
    context.addText(rows.map((cells) => cells.join('\t')).join('\n'));
    readKeyTable(
      rows.filter((cells) => cells.some((c) => c.trim() !== '')),
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
