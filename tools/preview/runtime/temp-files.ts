/**
 * Local files of the preview, the way WeChat names them: a picked file becomes `http://tmp/<n>.<ext>` (what
 * DevTools answers for chooseMedia), backed by a Blob in this page. Image sources resolve here too: temp paths to
 * their blob URL, cloud fileIDs to the dev server's storage stand-in (`/__storage/file`).
 */

const files = new Map<string, { blob: Blob; url: string }>();
let counter = 0;

/** The lower-case extension of a file name, '' when none. */
function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Registers a picked file; answers its temp path. */
export function registerTempFile(file: Blob, name: string): string {
  counter += 1;
  const ext = extensionOf(name);
  const path = `http://tmp/preview-${counter}${ext ? `.${ext}` : ''}`;
  files.set(path, { blob: file, url: URL.createObjectURL(file) });
  return path;
}

/** The Blob behind a temp path, or undefined. */
export function tempBlob(path: string): Blob | undefined {
  return files.get(path)?.blob;
}

/** What an <img> can load for a mini-program image src. */
export function resolveSrc(src: string): string {
  if (src.startsWith('cloud://')) return `/__storage/file?fileID=${encodeURIComponent(src)}`;
  return files.get(src)?.url ?? src;
}
