import type { NextFunction, Request, Response } from 'express';
import { createHash, createHmac, type Hmac } from 'node:crypto';

export const RAW_BODY = Symbol('newsdesk:rawBody');

export interface RawBody {
  body: Buffer | null;
  tooLarge: boolean;
  /** SHA-256 of the body, hex, computed chunk by chunk as it arrived (no long hash on the request path). */
  sha256?: string;
  /** HMAC-SHA256 of the body under each secret the section had when it arrived, also chunk by chunk. */
  hmacs?: Buffer[];
}

/** The push secrets that verify now for a section slug (none for an unknown section). */
export type SecretsOf = (section: string) => Promise<readonly string[]>;

export type RequestWithRawBody = Request & { [RAW_BODY]?: RawBody; _body?: boolean };

/**
 * Reads the raw body of push requests (POST /ingest/...) into a Buffer, at most `maxBytes`, before any
 * parser sees it: HMACs are computed over the exact bytes. Registered for that route only, ahead of the
 * JSON parser (which then skips the request). A body over the limit is not read further; the controller
 * answers 413 and the connection is closed. With `secretsOf`, the section's secrets are read first and the
 * signatures are computed as the body arrives, like its SHA-256: no pass over a 5 MB body holds the event
 * loop once it is in (without them, or when they cannot be read, the service verifies off the loop).
 */
export function rawBodyUnder(maxBytes: number, secretsOf?: SecretsOf) {
  return (req: RequestWithRawBody, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST') return next();
    req._body = true;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req[RAW_BODY] = { body: null, tooLarge: true };
      res.setHeader('Connection', 'close');
      return next();
    }
    const section = sectionOf(req.path);
    if (!secretsOf || !section) return readBody(req, res, next, maxBytes, null);
    const quiet = () => undefined; // a sender that goes away while the secrets are read is not an error
    req.on('error', quiet);
    const read = (hmacs: Hmac[] | null) => {
      req.off('error', quiet);
      if (!req.destroyed) readBody(req, res, next, maxBytes, hmacs);
    };
    secretsOf(section).then(
      (secrets) => read(secrets.map((secret) => createHmac('sha256', secret))),
      () => read(null),
    );
  };
}

/** The section slug of /ingest/<slug> (the middleware is mounted on /ingest). */
function sectionOf(path: string): string | null {
  try {
    return decodeURIComponent(path.replace(/^\/+|\/+$/g, '')) || null;
  } catch {
    return null;
  }
}

function readBody(req: RequestWithRawBody, res: Response, next: NextFunction, maxBytes: number, hmacs: Hmac[] | null): void {
  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  let size = 0;
  let finished = false;
  const finish = (raw: RawBody) => {
    if (finished) return;
    finished = true;
    req[RAW_BODY] = raw;
    next();
  };
  req.on('data', (chunk: Buffer) => {
    if (finished) return;
    size += chunk.length;
    if (size > maxBytes) {
      res.setHeader('Connection', 'close');
      finish({ body: null, tooLarge: true });
      return;
    }
    chunks.push(chunk);
    hash.update(chunk);
    if (hmacs) for (const hmac of hmacs) hmac.update(chunk);
  });
  req.on('end', () =>
    finish({ body: Buffer.concat(chunks), tooLarge: false, sha256: hash.digest('hex'), ...(hmacs ? { hmacs: hmacs.map((h) => h.digest()) } : {}) }),
  );
  req.on('error', (error) => {
    if (!finished) {
      finished = true;
      next(error);
    }
  });
}
