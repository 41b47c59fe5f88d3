/**
 * pdfmake 0.2 on the server: a PdfPrinter with Roboto taken from the vfs_fonts build that ships
 * inside the pdfmake package (the npm package has no loose .ttf files). Roboto covers Cyrillic,
 * «», № and the no-break space formatMinor puts between thousands; nothing is fetched at run time.
 */
import PdfPrinter from 'pdfmake';
import vfs from 'pdfmake/build/vfs_fonts.js';
import type { TDocumentDefinitions, TFontDictionary } from 'pdfmake/interfaces';
import { moscowDayStart } from '../domain/moscow-time';

let fonts: TFontDictionary | undefined;

function robotoFonts(): TFontDictionary {
  if (!fonts) {
    const file = (name: string) => {
      const base64 = vfs[name];
      if (!base64) throw new Error(`pdfmake's vfs_fonts build has no ${name}; check the installed pdfmake version`);
      return Buffer.from(base64, 'base64');
    };
    // Medium, not Bold: that is the weight pdfmake's own Roboto set uses for bold.
    fonts = {
      Roboto: {
        normal: file('Roboto-Regular.ttf'),
        bold: file('Roboto-Medium.ttf'),
        italics: file('Roboto-Italic.ttf'),
        bolditalics: file('Roboto-MediumItalic.ttf'),
      },
    };
  }
  return fonts;
}

export interface PdfInfo {
  title: string;
  author: string;
  /** The document's own date (YYYY-MM-DD): becomes the PDF's creation date. */
  date: string;
}

/**
 * Renders a definition to bytes. The creation date is the document's date at midnight in Moscow
 * rather than "now", and pdfkit derives the file ID from the info dictionary, so the same model
 * gives the same bytes: an activity that runs twice stores the same file.
 */
export function renderPdf(definition: TDocumentDefinitions, info: PdfInfo): Promise<Buffer> {
  const printer = new PdfPrinter(robotoFonts());
  const creationDate = moscowDayStart(info.date);
  const doc = printer.createPdfKitDocument({
    ...definition,
    info: { title: info.title, author: info.author, creator: 'SID', producer: 'SID (pdfmake)', creationDate, modDate: creationDate },
  });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
