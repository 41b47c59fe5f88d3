/**
 * The plain XML the Central Bank publishes (the daily rates, the ED807 BIK directory), from bytes
 * to elements. Pure; each caller names its own error, so a message says which document failed.
 */

const ENCODINGS = new Set(['windows-1251', 'utf-8']);

/** The document's text, by the encoding it declares (windows-1251 or utf-8; a BOM means utf-8). */
export function decodeXmlBytes(bytes: Uint8Array, error: (problem: string) => Error): string {
  // The declaration is ASCII in both encodings, so it can be read before the text is decoded.
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(hasBom ? 3 : 0, 200));
  const declared = /^<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
  // A byte-order mark overrides the declaration; with neither, XML means UTF-8.
  const label = hasBom ? 'utf-8' : (declared ?? 'utf-8');
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw error(`the document declares encoding "${label}", which is not an encoding name`);
  }
  if (!ENCODINGS.has(decoder.encoding)) {
    throw error(`the document declares encoding "${label}"; expected windows-1251 or utf-8`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw error(`the bytes are not valid ${decoder.encoding}`);
  }
}

// ---- A strict reader for the plain XML the Bank sends (daily rates, the ED807 BIK directory) ----
//
// The answer is elements, attributes and text, nothing else, so a reader of that subset is
// smaller than a dependency and fails loudly where a lenient parser would guess: a truncated
// body, a stray tag or anything outside the subset (comments, CDATA, a DOCTYPE with its
// entities) is an error naming the place, never a shorter list of rates.

export interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.-]*';
const PROLOG = /\s*(?:<\?xml\s[^>]*?\?>)?\s*/y;
const OPEN_TAG = new RegExp(`<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`, 'y');
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
const CLOSE_TAG = new RegExp(`</(${NAME})\\s*>`, 'y');
const TEXT = /[^<]*/y;
const TRAILING_SPACE = /\s*/y;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([\da-fA-F]+));|&/g;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// The Bank's documents are a few levels deep; the bound keeps a hostile body from exhausting the stack.
const MAX_DEPTH = 16;

export function readXmlSubset(source: string, error: (problem: string) => Error): XmlElement {
  let pos = 0;
  const match = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = pos;
    const found = pattern.exec(source);
    if (found) pos = pattern.lastIndex;
    return found;
  };
  const fail = (problem: string, at = pos): never => {
    throw error(`the XML is malformed at character ${at}: ${problem}`);
  };
  const unexpected = (): never => {
    const rest = source.slice(pos);
    if (!rest.includes('>')) fail(`the document ends inside a tag (truncated?): "${rest.slice(0, 40)}"`);
    if (/^<[!?]/.test(rest)) fail('comments, CDATA, DOCTYPE and processing instructions are not expected here');
    return fail(`unreadable markup "${rest.slice(0, 40)}"`);
  };
  // `where` maps an offset in `text` to a character in the document, for the error message.
  const decodeEntities = (text: string, where: (offset: number) => number): string =>
    text.replace(ENTITY, (_whole, named: string | undefined, decimal: string | undefined, hex: string | undefined, at: number) => {
      if (named) return NAMED_ENTITIES[named]!;
      const codePoint = decimal !== undefined ? Number(decimal) : hex !== undefined ? parseInt(hex, 16) : NaN;
      if (!(codePoint <= 0x10ffff)) fail(`"&" does not start a known entity: "${text.slice(at, at + 12)}"`, where(at));
      return String.fromCodePoint(codePoint);
    });

  const element = (depth: number): XmlElement => {
    if (depth > MAX_DEPTH) fail(`elements are nested more than ${MAX_DEPTH} deep`);
    const start = pos;
    const open = match(OPEN_TAG) ?? unexpected();
    const node: XmlElement = { name: open[1]!, attributes: new Map(), children: [], text: '' };
    for (const [, name, doubleQuoted, singleQuoted] of open[2]!.matchAll(ATTRIBUTE)) {
      if (node.attributes.has(name!)) fail(`<${node.name}> has attribute ${name} twice`);
      node.attributes.set(name!, decodeEntities(doubleQuoted ?? singleQuoted ?? '', () => start));
    }
    if (open[3]) return node;
    for (;;) {
      const textStart = pos;
      node.text += decodeEntities(match(TEXT)![0], (offset) => textStart + offset);
      if (pos >= source.length) fail(`the document ends inside <${node.name}> (truncated?)`);
      const close = match(CLOSE_TAG);
      if (close) {
        if (close[1] !== node.name) fail(`</${close[1]}> closes <${node.name}>`);
        return node;
      }
      node.children.push(element(depth + 1));
    }
  };

  match(PROLOG);
  if (pos >= source.length) fail('the document is empty');
  const root = element(0);
  match(TRAILING_SPACE);
  if (pos < source.length) fail(`content after </${root.name}>`);
  return root;
}

