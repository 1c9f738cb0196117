import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets newsdesk must use in clear (push secrets to verify HMACs, webhook secrets to sign deliveries, a
 * watch's feed token to show it to editors) are stored encrypted (AES-256-GCM) with a key derived from
 * SECRET_KEY (HKDF-SHA256) and a purpose, so each kind of secret has its own key and a value sealed for one
 * purpose never opens for another. Format: "v1.<iv>.<tag>.<ciphertext>" in base64url.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secretKey: string, purpose = 'newsdesk push secrets v1') {
    this.key = Buffer.from(hkdfSync('sha256', secretKey, 'newsdesk', purpose, 32));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  /** The secret, or null when the value was not sealed with this key (or was tampered with). */
  open(sealed: string): string | null {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
