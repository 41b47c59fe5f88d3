/**
 * Keys in PDF licence certificates, the most common place vendors put them. The text layer is read
 * with pdfjs-dist (Mozilla's PDF.js, kept up by its project; already used by the tests to read our
 * own PDFs), line by line, and searched like any text file. A PDF without a text layer (a scan) is
 * a problem for staff: reading pictures is a person's job here. PDF.js is loaded on the first PDF,
 * leaving the process's built-ins as they were (./pdfjs.ts).
 */
import { fileExtension, type ExtractionContext, type FileExtractor, type MailFile } from './extraction-context';
import { loadPdfJs } from './pdfjs';
import { readTextFile } from './text-keys';

/** A certificate has a page or two; a longer document is read up to here and the rest left to staff. */
const MAX_PAGES = 50;

async function pdfLines(content: Buffer): Promise<{ text: string; pages: number; readPages: number }> {
  const { getDocument } = await loadPdfJs();
  const doc = await getDocument({ data: new Uint8Array(content), isEvalSupported: false, useSystemFonts: false, stopAtErrors: false, verbosity: 0 }).promise;
  try {
    const lines: string[] = [];
    const readPages = Math.min(doc.numPages, MAX_PAGES);
    for (let n = 1; n <= readPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let line = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        line += item.str;
        if (item.hasEOL) {
          lines.push(line);
          line = '';
        }
      }
      if (line) lines.push(line);
      lines.push('');
      page.cleanup();
    }
    return { text: lines.join('\n'), pages: doc.numPages, readPages };
  } finally {
    await doc.destroy();
  }
}

async function readPdf(file: MailFile, context: ExtractionContext): Promise<void> {
  const name = file.path || file.name || 'PDF';
  const { text, pages, readPages } = await pdfLines(file.content);
  if (text.trim() === '') {
    context.problem(`PDF «${name}» не содержит текстового слоя (скан или картинка) — ключи из него не прочитаны, посмотрите его и внесите ключи вручную.`);
    return;
  }
  if (pages > readPages) context.problem(`В PDF «${name}» ${pages} страниц; прочитаны первые ${readPages} — остальные посмотрите вручную.`);
  // A certificate is a list of keys, never the key's own file: the keys are taken as text.
  readTextFile(text, file, context);
}

export const pdfKeyExtractor: FileExtractor = {
  name: 'pdf',
  accepts: (file) => file.contentType === 'application/pdf' || fileExtension(file.name) === 'pdf' || file.content.subarray(0, 5).toString('latin1') === '%PDF-',
  extract: readPdf,
};
