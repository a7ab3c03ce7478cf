/**
 * Our icon set, drawn here as 24×24 SVG paths and written as `miniprogram/styles/icons.wxss`: one class per icon
 * (`.icon-copy`) whose background is the SVG as a base64 data URI, in a light and a dark colour (the dark one
 * under `prefers-color-scheme: dark`, which WeChat applies with app.json `darkmode`). Data URIs need no asset
 * files or paths, so the stylesheet travels with any component that imports it.
 * `npx tsx tools/icons/make-icons.ts` rewrites the file; a test fails when it is stale.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Colour pairs (light, dark) matching app.wxss's --coze-text, --coze-text-2, --coze-primary, --coze-danger. */
const TONES = {
  strong: ['#1f2329', '#e8e9eb'],
  muted: ['#646a73', '#b4b7bd'],
  primary: ['#3370ff', '#4e83fd'],
  danger: ['#f54a45', '#f76964'],
  white: ['#ffffff', '#ffffff'],
} as const;

type Tone = keyof typeof TONES;

/** One icon: stroked paths (round caps and joins), optionally filled shapes, in one tone. */
interface IconDef {
  tone: Tone;
  stroke?: string[];
  fill?: string[];
  /** Extra attributes on the group, such as a rotation. */
  transform?: string;
}

const THUMB = 'M7 10.5V20H4.5a1 1 0 0 1-1-1v-7.5a1 1 0 0 1 1-1H7l3.6-6.6a1.8 1.8 0 0 1 3.3 1.3L13 9.5h5.3a2 2 0 0 1 2 2.3l-1.1 6.5a2 2 0 0 1-2 1.7H7';
const CYCLE = ['M19.5 12a7.5 7.5 0 1 1-2.2-5.3', 'M19.5 4.5v4h-4'];

/** The set; names are what the WXML uses after `icon-`. */
export const ICONS: Record<string, IconDef> = {
  menu: { tone: 'strong', stroke: ['M4 6.5h16', 'M4 12h16', 'M4 17.5h10'] },
  'new-chat': { tone: 'strong', stroke: ['M20.5 11.2c0 4.2-3.8 7.6-8.5 7.6-.9 0-1.7-.1-2.5-.3L5 20.5l.9-3.7c-1.5-1.4-2.4-3.3-2.4-5.6 0-4.2 3.8-7.6 8.5-7.6s8.5 3.4 8.5 7.6z', 'M12 8.2v6', 'M9 11.2h6'] },
  clear: { tone: 'strong', stroke: ['M15.5 3.5 12 10', 'M6.5 10.5h11l-1.2 10h-8.6z', 'M10 14.5v6', 'M13.8 14.5v6'] },
  copy: { tone: 'muted', stroke: ['M10 8h8.5A1.5 1.5 0 0 1 20 9.5v9a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 8 18.5v-9A1.5 1.5 0 0 1 9.5 8z', 'M16 8V5.5A1.5 1.5 0 0 0 14.5 4h-9A1.5 1.5 0 0 0 4 5.5v9A1.5 1.5 0 0 0 5.5 16H8'] },
  regenerate: { tone: 'muted', stroke: CYCLE },
  retry: { tone: 'primary', stroke: CYCLE },
  like: { tone: 'muted', stroke: [THUMB] },
  'like-on': { tone: 'primary', stroke: [THUMB] },
  unlike: { tone: 'muted', stroke: [THUMB], transform: 'rotate(180 12 12)' },
  'unlike-on': { tone: 'primary', stroke: [THUMB], transform: 'rotate(180 12 12)' },
  voice: { tone: 'strong', stroke: ['M12 3.5a2.5 2.5 0 0 1 2.5 2.5v5.5a2.5 2.5 0 0 1-5 0V6A2.5 2.5 0 0 1 12 3.5z', 'M6 11a6 6 0 0 0 12 0', 'M12 17v3.5'] },
  keyboard: { tone: 'strong', stroke: ['M4.5 6h15A1.5 1.5 0 0 1 21 7.5v9a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 16.5v-9A1.5 1.5 0 0 1 4.5 6z', 'M7 10h.01', 'M10.3 10h.01', 'M13.7 10h.01', 'M17 10h.01', 'M8 14h8'] },
  send: { tone: 'white', stroke: ['M12 19V5.5', 'M6.5 11 12 5.5l5.5 5.5'] },
  stop: { tone: 'white', fill: ['M8.5 7h7A1.5 1.5 0 0 1 17 8.5v7a1.5 1.5 0 0 1-1.5 1.5h-7A1.5 1.5 0 0 1 7 15.5v-7A1.5 1.5 0 0 1 8.5 7z'] },
  plus: { tone: 'white', stroke: ['M12 5v14', 'M5 12h14'] },
  rename: { tone: 'muted', stroke: ['M4 20h4L19 9l-4-4L4 16z', 'M13.5 6.5l4 4'] },
  attach: { tone: 'strong', stroke: ['M12 5.5v13', 'M5.5 12h13'] },
  close: { tone: 'white', stroke: ['M7 7l10 10', 'M17 7 7 17'] },
  delete: { tone: 'muted', stroke: ['M4 7h16', 'M9 7V4.5h6V7', 'M6.5 7l1 13h9l1-13', 'M10 11v5', 'M14 11v5'] },
  speaker: { tone: 'muted', stroke: ['M4 9.5h3.5L12 5.5v13l-4.5-4H4z', 'M15.5 9.2a4 4 0 0 1 0 5.6', 'M18.2 6.5a7.8 7.8 0 0 1 0 11'] },
  'speaker-stop': { tone: 'primary', stroke: ['M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18z'], fill: ['M9.5 9h5a.5.5 0 0 1 .5.5v5a.5.5 0 0 1-.5.5h-5a.5.5 0 0 1-.5-.5v-5a.5.5 0 0 1 .5-.5z'] },
  headset: { tone: 'strong', stroke: ['M4 15v-3a8 8 0 0 1 16 0v3', 'M4 14.5h3v5.5H5.5A1.5 1.5 0 0 1 4 18.5z', 'M20 14.5h-3v5.5h1.5a1.5 1.5 0 0 0 1.5-1.5z'] },
  warning: { tone: 'danger', stroke: ['M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18z', 'M12 7.5v5.5', 'M12 16.5h.01'] },
};

/** The SVG text of one icon in one colour. */
export function iconSvg(def: IconDef, colour: string): string {
  const strokes = (def.stroke ?? []).map((d) => `<path d="${d}"/>`).join('');
  const fills = (def.fill ?? []).map((d) => `<path d="${d}" fill="${colour}" stroke="none"/>`).join('');
  const transform = def.transform ? ` transform="${def.transform}"` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><g fill="none" stroke="${colour}" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"${transform}>${strokes}${fills}</g></svg>`;
}

function dataUri(svg: string): string {
  return `url("data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}")`;
}

/** The whole stylesheet text (deterministic, so a test can compare it with the committed file). */
export function iconsWxss(): string {
  const names = Object.keys(ICONS);
  const rules = (theme: 0 | 1, indent: string): string =>
    names.map((name) => `${indent}.icon-${name} { background-image: ${dataUri(iconSvg(ICONS[name], TONES[ICONS[name].tone][theme]))}; }`).join('\n');
  return [
    '/* Generated by tools/icons/make-icons.ts: edit the paths there and re-run it (npx tsx tools/icons/make-icons.ts). */',
    '.icon { display: block; flex: none; width: 40rpx; height: 40rpx; background-size: 100% 100%; background-repeat: no-repeat; }',
    rules(0, ''),
    '@media (prefers-color-scheme: dark) {',
    rules(1, '  '),
    '}',
    '',
  ].join('\n');
}

/** Where the generated stylesheet lives. */
export const ICONS_WXSS = path.join(__dirname, '..', '..', 'miniprogram', 'styles', 'icons.wxss');

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  fs.writeFileSync(ICONS_WXSS, iconsWxss());
  console.log(`wrote ${path.relative(process.cwd(), ICONS_WXSS)} (${Object.keys(ICONS).length} icons, light and dark)`);
}
