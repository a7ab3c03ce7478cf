/**
 * Cleans text before it is sent: pasted text often carries invisible characters that the function refuses
 * (zero-width space U+200B, BOM U+FEFF, word joiner U+2060) or line/paragraph separators (U+2028/2029) that
 * are meant as line breaks. Dropping and converting them here means a paste is never refused forever.
 */

const DROPPED = /[\u200B\uFEFF\u2060]/g;
const LINE_SEPARATORS = /[\u2028\u2029]/g;

/** The text without zero-width spaces, BOMs and word joiners, with U+2028/2029 as `\n`; nothing else changes. */
export function cleanPastedText(text: string): string {
  return text.replace(DROPPED, '').replace(LINE_SEPARATORS, '\n');
}
