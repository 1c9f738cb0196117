import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';

export const RAW_BODY = Symbol('newsdesk:rawBody');

export interface RawBody {
  body: Buffer | null;
  tooLarge: boolean;
  /** SHA-256 of the body, hex, computed chunk by chunk as it arrived (no long hash on the request path). */
  sha256?: string;
}

export type RequestWithRawBody = Request & { [RAW_BODY]?: RawBody; _body?: boolean };

/**
 * Reads the raw body of push requests (POST /ingest/...) into a Buffer, at most `maxBytes`, before any
 * parser sees it: HMACs are computed over the exact bytes. Registered for that route only, ahead of the
 * JSON parser (which then skips the request). A body over the limit is not read further; the controller
 * answers 413 and the connection is closed.
 */
export function rawBodyUnder(maxBytes: number) {
  return (req: RequestWithRawBody, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST') return next();
    req._body = true;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req[RAW_BODY] = { body: null, tooLarge: true };
      res.setHeader('Connection', 'close');
      return next();
    }
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
    });
    req.on('end', () => finish({ body: Buffer.concat(chunks), tooLarge: false, sha256: hash.digest('hex') }));
    req.on('error', (error) => {
      if (!finished) {
        finished = true;
        next(error);
      }
    });
  };
}
