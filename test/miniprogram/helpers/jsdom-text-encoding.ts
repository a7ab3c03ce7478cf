/**
 * jose (inside the function bundle) needs TextEncoder/TextDecoder, which jsdom's global scope lacks; its type
 * checks use this realm's Uint8Array, so encoded bytes are copied into one. Import this first in whole-chain
 * jsdom tests.
 */
import { TextDecoder, TextEncoder } from 'util';

class RealmTextEncoder {
  readonly encoding = 'utf-8';
  private readonly inner = new TextEncoder();
  encode(input?: string): Uint8Array {
    return new Uint8Array(this.inner.encode(input));
  }
}
Object.assign(globalThis, { TextEncoder: RealmTextEncoder, TextDecoder });
