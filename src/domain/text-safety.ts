/**
 * Text that looks like one thing and is another. Two rules, each in one place:
 * - names may not hold bidirectional control characters (U+202A–U+202E embeddings and overrides,
 *   U+2066–U+2069 isolates, U+200E/U+200F marks), with which "exe.txt" can be shown as "txt.exe"
 *   or a dealer's name made to read as another's;
 * - a spreadsheet cell SID writes never starts with what Excel or LibreOffice would take for a
 *   formula (=, +, -, @, tab, carriage return): such a cell gets a leading apostrophe, which the
 *   spreadsheet shows as text (OWASP "CSV injection").
 */
export const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

export const hasBidiControl = (text: string): boolean => BIDI_CONTROLS.test(text);

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text to put in a CSV or XLSX text cell: as it is, or behind an apostrophe if it could start a formula. */
export function neutraliseSpreadsheetText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
