/**
 * What of an answer is read aloud, and in which pieces: markdown marks are dropped (nobody wants to hear
 * "asterisk asterisk"), and the text is cut at sentence ends into pieces Coze's text-to-speech accepts.
 */

/** Coze `POST /v1/audio/speech`: `input` is at most 1024 bytes of UTF-8 (developer_guides/text_to_speech). */
export const MAX_SPEECH_INPUT_BYTES = 1024;

/** A sentence ends after these (Chinese and Latin punctuation, and line ends). */
const SENTENCE_END = /(?<=[。！？!?；;…\n])|(?<=\.)(?=\s)/;

/** The answer's markdown reduced to the words a listener should hear. */
export function speakableText(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n[\s\S]*?(```|$)/g, '\n') // code blocks are not read
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '') // images
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // links: their text
    .replace(/https?:\/\/\S+/g, '') // bare URLs
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, '') // headings, quotes, list markers
    .replace(/^\s*\|?\s*:?-{3,}.*$/gm, '') // table rules
    .replace(/[*_~`|]+/g, '') // emphasis, inline code, table pipes
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

/** Cuts a sentence longer than the limit at code-point boundaries. */
function hardSplit(sentence: string, maxBytes: number): string[] {
  const out: string[] = [];
  let piece = '';
  for (const char of sentence) {
    if (Buffer.byteLength(piece + char) > maxBytes) {
      out.push(piece);
      piece = '';
    }
    piece += char;
  }
  if (piece) out.push(piece);
  return out;
}

/**
 * The text to read, cut to at most `maxChars` characters (at a sentence end when there is one), in pieces of at
 * most `maxBytes` UTF-8 bytes that each end at a sentence end unless one sentence alone is longer.
 */
export function speechParts(text: string, maxChars: number, maxBytes = MAX_SPEECH_INPUT_BYTES): { parts: string[]; truncated: boolean } {
  const sentences = text.split(SENTENCE_END);
  const kept: string[] = [];
  let chars = 0;
  let truncated = false;
  for (const sentence of sentences) {
    const length = [...sentence].length;
    if (chars + length > maxChars) {
      truncated = true;
      if (kept.length === 0) kept.push([...sentence].slice(0, maxChars).join(''));
      break;
    }
    kept.push(sentence);
    chars += length;
  }
  const parts: string[] = [];
  let current = '';
  for (const sentence of kept.flatMap((s) => hardSplit(s, maxBytes))) {
    if (current && Buffer.byteLength(current + sentence) > maxBytes) {
      parts.push(current);
      current = '';
    }
    current += sentence;
  }
  if (current.trim()) parts.push(current);
  return { parts: parts.map((p) => p.trim()).filter(Boolean), truncated };
}
