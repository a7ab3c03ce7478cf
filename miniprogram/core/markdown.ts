/**
 * Markdown → plain-data blocks for native rendering. marked's Lexer does the parsing (the same library
 * TDesign's chat-markdown uses); its tokens are converted to a FLAT list of small serialisable blocks with
 * inline runs, so a view needs no recursion, a streaming answer only ever appends blocks, and each block
 * can cross setData on its own path. Long text is cut into fixed-size segments so a growing block only
 * changes its last segment. Any tokenizer error falls back to the text as one plain paragraph.
 */
// First: marked calls Array.prototype.at, which engines before iOS 15.4 / Chrome 92 lack.
import './polyfills';
import type { Token, Tokens } from 'marked';

type MarkedModule = typeof import('marked');

/**
 * marked, loaded lazily: if miniprogram_npm/marked is missing (it is copied there by
 * scripts/pack-miniprogram-npm.js on `npm install`), answers degrade to plain text instead of the page
 * failing to load.
 */
function loadMarked(): MarkedModule | null {
  try {
    return require('marked') as MarkedModule;
  } catch {
    console.error('marked is missing from miniprogram_npm: run npm install at the project root (scripts/pack-miniprogram-npm.js puts it there); answers show as plain text until then.');
    return null;
  }
}

let marked: MarkedModule | null | undefined;

/** Longest text of one inline run; longer text is split so a growing paragraph changes only its last run. */
export const RUN_SEGMENT_CHARS = 200;
/** Longest piece of a code block; a growing code block changes only its last piece. */
export const CODE_SEGMENT_CHARS = 400;
/** Bullet shown for unordered list items. */
export const BULLET = '•';

/** One inline run of text with its styles; `cls` holds space-separated style names (b, i, c, d, a). */
export interface MdRun {
  t: string;
  cls?: string;
  /** Link target (tap copies it: a mini-program cannot open outside links). */
  href?: string;
  /** Image source (tap previews it). */
  src?: string;
}

/** Kinds of block the view knows how to draw. */
export type MdBlockKind = 'heading' | 'paragraph' | 'code' | 'table' | 'hr';

/** Column alignment of a table. */
export type MdAlign = 'left' | 'center' | 'right' | '';

/** One flat block: list nesting and quote depth are attributes, not containers. */
export interface MdBlock {
  kind: MdBlockKind;
  /** Heading level 1–6. */
  level?: number;
  runs?: MdRun[];
  /** List nesting depth (0 = not in a list). */
  indent?: number;
  /** List marker (`•` or `3.`), on the first block of a list item. */
  marker?: string;
  /** Blockquote depth (0 = not quoted). */
  quote?: number;
  /** Code language as written after the fence. */
  lang?: string;
  /** Code text in segments of at most CODE_SEGMENT_CHARS. */
  segs?: string[];
  align?: MdAlign[];
  header?: MdRun[][];
  rows?: MdRun[][][];
}

interface Context {
  indent: number;
  quote: number;
  marker: string;
}

interface Style {
  cls: string;
  href: string;
}

/** Splits `text` into pieces of at most `size` characters (one empty piece for empty text). */
export function segment(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function addClass(cls: string, name: string): string {
  return cls ? `${cls} ${name}` : name;
}

function pushText(out: MdRun[], text: string, style: Style): void {
  if (!text) return;
  for (const piece of segment(text, RUN_SEGMENT_CHARS)) {
    const run: MdRun = { t: piece };
    if (style.cls) run.cls = style.cls;
    if (style.href) run.href = style.href;
    out.push(run);
  }
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function inline(tokens: Token[] | undefined, style: Style, out: MdRun[]): MdRun[] {
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
        inline(token.tokens, { ...style, cls: addClass(style.cls, 'b') }, out);
        break;
      case 'em':
        inline(token.tokens, { ...style, cls: addClass(style.cls, 'i') }, out);
        break;
      case 'del':
        inline(token.tokens, { ...style, cls: addClass(style.cls, 'd') }, out);
        break;
      case 'codespan':
        pushText(out, unescapeHtml((token as Tokens.Codespan).text), { ...style, cls: addClass(style.cls, 'c') });
        break;
      case 'br':
        pushText(out, '\n', style);
        break;
      case 'link': {
        const link = token as Tokens.Link;
        inline(link.tokens, { cls: addClass(style.cls, 'a'), href: link.href }, out);
        break;
      }
      case 'image': {
        const image = token as Tokens.Image;
        out.push({ t: image.text, src: image.href });
        break;
      }
      case 'text':
      case 'escape': {
        const text = token as Tokens.Text;
        if (text.tokens && text.tokens.length) inline(text.tokens, style, out);
        else pushText(out, unescapeHtml(text.text), style);
        break;
      }
      default:
        pushText(out, 'text' in token && typeof token.text === 'string' ? token.text : token.raw, style);
    }
  }
  return out;
}

function runs(tokens: Token[] | undefined): MdRun[] {
  return inline(tokens, { cls: '', href: '' }, []);
}

function place(block: MdBlock, ctx: Context): MdBlock {
  if (ctx.indent) block.indent = ctx.indent;
  if (ctx.quote) block.quote = ctx.quote;
  if (ctx.marker) block.marker = ctx.marker;
  return block;
}

function blocks(tokens: Token[], ctx: Context, out: MdBlock[]): void {
  let marker = ctx.marker;
  const next = (): Context => {
    const c = { ...ctx, marker };
    marker = '';
    return c;
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        break;
      case 'heading': {
        const heading = token as Tokens.Heading;
        out.push(place({ kind: 'heading', level: heading.depth, runs: runs(heading.tokens) }, next()));
        break;
      }
      case 'paragraph':
      case 'text': {
        const t = token as Tokens.Paragraph | Tokens.Text;
        const r = t.tokens && t.tokens.length ? runs(t.tokens) : [];
        if (!r.length) pushText(r, t.text, { cls: '', href: '' });
        out.push(place({ kind: 'paragraph', runs: r }, next()));
        break;
      }
      case 'code': {
        const code = token as Tokens.Code;
        const block: MdBlock = { kind: 'code', segs: segment(code.text, CODE_SEGMENT_CHARS) };
        if (code.lang) block.lang = code.lang;
        out.push(place(block, next()));
        break;
      }
      case 'hr':
        out.push(place({ kind: 'hr' }, next()));
        break;
      case 'blockquote':
        blocks((token as Tokens.Blockquote).tokens, { indent: ctx.indent, quote: ctx.quote + 1, marker: next().marker }, out);
        break;
      case 'list': {
        const list = token as Tokens.List;
        const start = typeof list.start === 'number' ? list.start : 1;
        list.items.forEach((item, i) => {
          const itemMarker = list.ordered ? `${start + i}.` : BULLET;
          const before = out.length;
          blocks(item.tokens, { indent: ctx.indent + 1, quote: ctx.quote, marker: itemMarker }, out);
          if (out.length === before) out.push(place({ kind: 'paragraph', runs: [] }, { indent: ctx.indent + 1, quote: ctx.quote, marker: itemMarker }));
        });
        marker = '';
        break;
      }
      case 'table': {
        const table = token as Tokens.Table;
        out.push(
          place(
            {
              kind: 'table',
              align: table.align.map((a) => a ?? ''),
              header: table.header.map((cell) => runs(cell.tokens)),
              rows: table.rows.map((row) => row.map((cell) => runs(cell.tokens))),
            },
            next(),
          ),
        );
        break;
      }
      default:
        // html and anything unknown: shown as the text the author wrote (never interpreted).
        out.push(place({ kind: 'paragraph', runs: segment(token.raw.replace(/\n+$/, ''), RUN_SEGMENT_CHARS).map((t) => ({ t })) }, next()));
    }
  }
}

/** The fallback on any tokenizer error: the text, unchanged, as plain runs (nothing is ever interpreted). */
export function plainBlocks(text: string): MdBlock[] {
  return [{ kind: 'paragraph', runs: segment(text, RUN_SEGMENT_CHARS).map((t) => ({ t })) }];
}

/** Top-level marked tokens of `text` (exported for the incremental streaming tokenizer). */
export function lexTop(text: string): Token[] {
  if (marked === undefined) marked = loadMarked();
  if (!marked) throw new Error('marked is not available');
  return new marked.Lexer({ gfm: true }).lex(text);
}

/** Converts top-level marked tokens to flat blocks. */
export function tokensToBlocks(tokens: Token[]): MdBlock[] {
  const out: MdBlock[] = [];
  blocks(tokens, { indent: 0, quote: 0, marker: '' }, out);
  return out;
}

/** Tokenises a whole markdown text into flat blocks; never throws. */
export function tokenize(text: string, lex: (text: string) => Token[] = lexTop): MdBlock[] {
  if (!text) return [];
  try {
    return tokensToBlocks(lex(text));
  } catch {
    return plainBlocks(text);
  }
}
