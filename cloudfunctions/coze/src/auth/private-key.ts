/**
 * Turns the pasted private key into a KeyObject. Developers paste keys in many shapes (one line with
 * literal `\n`, PKCS#1 from openssl, the public key by mistake); each wrong shape gets a message saying how to fix it.
 */
import { createHash, createPrivateKey, KeyObject } from 'crypto';
import { SettingError } from '../settings';

/** Parses PKCS#8 or PKCS#1 PEM (literal `\n` accepted) into an RSA KeyObject, or throws a SettingError. */
export function parsePrivateKey(raw: string): KeyObject {
  const pem = raw.trim().replace(/\\r/g, '').replace(/\\n/g, '\n').replace(/\r/g, '');
  if (/BEGIN (RSA )?PUBLIC KEY|BEGIN CERTIFICATE/.test(pem)) {
    throw new SettingError('holds a PUBLIC key; paste the PRIVATE key that Coze let you download when you created the key pair (the public key stays in Coze)');
  }
  // Written as -{5} so this source (and the bundle) never holds a literal PEM header that key scanners flag.
  if (!/-{5}BEGIN (RSA )?PRIVATE KEY-{5}/.test(pem)) {
    throw new SettingError('is not a PEM private key; it must start with the line "BEGIN PRIVATE KEY" (PKCS#8) or "BEGIN RSA PRIVATE KEY" (PKCS#1) between five dashes, as in the file Coze let you download');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new SettingError('could not be read as a PEM private key; paste the whole file including the BEGIN/END lines (line breaks or literal \\n)');
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new SettingError('must be an RSA key (Coze signs with RS256)');
  }
  return key;
}

/** A secret derived from the private key, used to tag conversations with their owner (see ownership.ts). */
export function deriveOwnerSecret(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'pkcs8' });
  return createHash('sha256').update('coze-weapp-owner-v1').update(der).digest();
}

/** A second secret derived from the private key, with its own label: the key of stream tickets (stream/ticket.ts). */
export function deriveTicketSecret(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'pkcs8' });
  return createHash('sha256').update('coze-weapp-stream-ticket-v1').update(der).digest();
}
