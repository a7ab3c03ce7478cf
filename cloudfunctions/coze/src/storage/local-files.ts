/**
 * The local stand-in for cloud storage (no TCB_ENV): files put by fileID and read back by fileID, in memory.
 * The dev server's upload route and the tests put files here (the bundle exports it as `localFiles`), so the
 * whole upload chain runs without CloudBase and the function never reaches for the network.
 */

/** One stored file. */
export interface LocalFile {
  content: Buffer;
  /** Who uploaded it (the simulated openid), as cloud storage records `_openid`. */
  openid: string;
}

/** Most files kept; the oldest go first (a preview session never needs more). */
const MAX_FILES = 200;

/** In-memory files by fileID. */
export class LocalFileStore {
  private readonly files = new Map<string, LocalFile>();

  /** Stores (or replaces) a file. */
  put(fileID: string, content: Buffer, openid: string): void {
    this.files.delete(fileID);
    this.files.set(fileID, { content, openid });
    while (this.files.size > MAX_FILES) this.files.delete(this.files.keys().next().value as string);
  }

  /** The file, or undefined. */
  get(fileID: string): LocalFile | undefined {
    return this.files.get(fileID);
  }

  /** Removes a file; true when it existed. */
  delete(fileID: string): boolean {
    return this.files.delete(fileID);
  }
}

/** The one local store of this process. */
export const localFiles = new LocalFileStore();
