/**
 * Keys in XML license certificates: <Key> (or <SerialNumber>, <ActivationCode>...) elements, the part
 * number from a "sku" attribute on the element or an enclosing one. Read with a small tokenizer: the
 * certificates are flat, and an XML library would bring entity expansion we do not want from mail.
 */
import { fileExtension, type ExtractionContext, type FileExtractor, type MailFile } from './extraction-context';
import { decodeEntities, decodeText } from './text-decoding';

const KEY_ELEMENT = /^(key|licen[cs]ekey|serial|serialkey|serialnumber|activationcode|activationkey|productkey)$/i;
const PART_NUMBER_ATTRIBUTE = /^(sku|partnumber|part_number|partno|article|artikul)$/i;

const TOKEN =
  /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![^>]*>|<\/\s*([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

interface OpenElement {
  name: string;
  partNumber?: string;
  text: string;
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** The encoding the XML declaration names, read from the ASCII prefix. */
function declaredEncoding(bytes: Buffer): string | undefined {
  return /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.-]+)["']/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
}

function readXml(file: MailFile, context: ExtractionContext): void {
  const text = decodeText(file.content, declaredEncoding(file.content) ?? file.charset);
  context.addText(text);
  const stack: OpenElement[] = [];
  let keyElements = 0;
  for (const token of text.matchAll(TOKEN)) {
    const [, cdata, closing, opening, attributes, selfClosing, chars] = token;
    if (opening !== undefined) {
      let partNumber: string | undefined;
      for (const [, name, double, single] of (attributes ?? '').matchAll(ATTRIBUTE)) {
        const value = decodeEntities(double ?? single ?? '').trim();
        if (PART_NUMBER_ATTRIBUTE.test(localName(name!)) && value) {
          partNumber = value;
          context.addPartNumber(value);
        }
      }
      const element: OpenElement = { name: localName(opening), text: '', ...(partNumber ? { partNumber } : {}) };
      if (!selfClosing) stack.push(element);
    } else if (closing !== undefined) {
      const index = stack.map((e) => e.name).lastIndexOf(localName(closing));
      if (index < 0) continue;
      const element = stack[index]!;
      const enclosing = stack.slice(0, index + 1);
      stack.length = index;
      if (!KEY_ELEMENT.test(element.name)) continue;
      keyElements++;
      const partNumber = enclosing.reverse().find((e) => e.partNumber)?.partNumber;
      for (const key of context.keys.find(element.text)) {
        context.addKey({ key, fileName: file.name, ...(partNumber ? { partNumber } : {}) });
      }
    } else {
      const content = cdata ?? (chars !== undefined ? decodeEntities(chars) : '');
      // Only key elements keep their text: a deeply nested file must not be copied per level.
      for (const element of stack) if (KEY_ELEMENT.test(element.name)) element.text += content;
    }
  }
  // A certificate that names its elements differently: any key-shaped text in it.
  if (keyElements === 0) {
    for (const key of context.keys.find(text.replace(/<[^>]*>/g, '\n'))) context.addKey({ key, fileName: file.name });
  }
}

export const xmlKeyExtractor: FileExtractor = {
  name: 'xml',
  accepts: (file) => fileExtension(file.name) === 'xml' || /^(text|application)\/([\w.-]+\+)?xml$/.test(file.contentType),
  extract: readXml,
};
