/**
 * Unguessable hex ids made on the phone: `wx.getRandomValues` (a cryptographically secure source, base library
 * 2.15.0+). The voice folder name is a capability (the cloud function reads only `coze-voice/<32 hex>/…`, and
 * only the uploader knows the folder), and a stream id claimed first by someone else blocks the owner's live
 * text, so neither may come from Math.random when a secure source exists.
 */
import type { RandomSource } from '../core/ids';

/** Bytes in a voice-folder id: 16 bytes = the 32 lowercase hex characters the cloud function requires. */
export const VOICE_ID_BYTES = 16;
const BYTE_VALUES = 256;
const HEX_RADIX = 16;

/** Said once in the console when the base library has no wx.getRandomValues. */
export const INSECURE_RANDOM_WARNING =
  'wx.getRandomValues is missing (base library older than 2.15.0): voice file ids and stream ids fall back to Math.random, which is guessable. Raise the minimum base library in the mini-program admin console (设置 → 基本设置 → 基础库最低版本).';

let warned = false;

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += bytes[i].toString(HEX_RADIX).padStart(2, '0');
  return hex;
}

/** `byteCount` bytes of a guessable source as hex: only for when no secure source exists (the caller warns). */
export function insecureHex(byteCount: number, random: RandomSource = Math.random): string {
  const bytes = new Uint8Array(byteCount);
  for (let i = 0; i < byteCount; i++) bytes[i] = Math.floor(random() * BYTE_VALUES);
  return toHex(bytes);
}

/** `byteCount` random bytes as lowercase hex (2 characters per byte); rejects with wx's errMsg if the call fails. */
export function randomHex(byteCount: number, fallback: RandomSource = Math.random): Promise<string> {
  if (typeof wx.getRandomValues !== 'function') {
    if (!warned) console.warn(INSECURE_RANDOM_WARNING);
    warned = true;
    return Promise.resolve(insecureHex(byteCount, fallback));
  }
  return new Promise((resolve, reject) => {
    wx.getRandomValues({
      length: byteCount,
      success: (res) => resolve(toHex(new Uint8Array(res.randomValues))),
      fail: (res) => reject(new Error(`wx.getRandomValues failed: ${res.errMsg}`)),
    });
  });
}
