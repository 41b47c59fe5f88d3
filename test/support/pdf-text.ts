import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The PDF's text with every run of whitespace (no-break spaces of amounts included) as one space. */
export async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number; info: Record<string, unknown> }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    const parts: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      for (const item of content.items) if ('str' in item) parts.push(item.str, item.hasEOL ? '\n' : '');
      parts.push('\n');
    }
    const { info } = await doc.getMetadata();
    return { text: parts.join('').replace(/\s+/g, ' '), pages: doc.numPages, info: info as Record<string, unknown> };
  } finally {
    await doc.destroy();
  }
}
