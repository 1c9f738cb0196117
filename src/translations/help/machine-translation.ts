/** A machine translation service. Texts go in one request and come back in the same order. */
export interface MachineTranslator {
  /** Names the service in suggestions (they are marked as the machine's, never a person's). */
  readonly name: string;
  translate(texts: string[], from: string, to: string, format: 'text' | 'html'): Promise<string[]>;
}

/** Bound to the configured translator, or to null when MT_URL is not set (machine suggestions off). */
export const MACHINE_TRANSLATOR = Symbol('MACHINE_TRANSLATOR');

/** Why a machine translation failed, for the log only (clients get a coded, translated error). */
export class MachineTranslationError extends Error {}

/**
 * A LibreTranslate-compatible server: POST {url}/translate with JSON { q, source, target, format, api_key }
 * answering { translatedText } (a list when q is a list). Other self-hosted servers speak the same API.
 */
export class LibreTranslateClient implements MachineTranslator {
  readonly name = 'libretranslate';

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string | null,
    private readonly timeoutMs: number,
  ) {}

  async translate(texts: string[], from: string, to: string, format: 'text' | 'html'): Promise<string[]> {
    if (!texts.length) return [];
    let response: Response;
    try {
      response = await fetch(new URL('translate', this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ q: texts, source: from, target: to, format, ...(this.apiKey ? { api_key: this.apiKey } : {}) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new MachineTranslationError(`request failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const body = (await response.json().catch(() => null)) as { translatedText?: unknown; error?: unknown } | null;
    if (!response.ok) throw new MachineTranslationError(`HTTP ${response.status}: ${typeof body?.error === 'string' ? body.error : 'no error message'}`);
    const out = body?.translatedText;
    const list = Array.isArray(out) ? out : [out];
    if (list.length !== texts.length || list.some((t) => typeof t !== 'string')) throw new MachineTranslationError('answer is not one text per text sent');
    return list as string[];
  }
}
