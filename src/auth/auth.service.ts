import { Injectable } from '@nestjs/common';
import { badInput } from '../common/errors';
import { LocaleRegistry } from '../i18n/locale-registry';
import { SectionRepository } from '../sections';
import { generateApiKey, hashApiKey } from './api-key';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { Principal, Role, ROLES } from '../common/principal';

export interface CreateKeyRequest {
  role: string;
  name: string;
  locales?: string[];
  section?: string;
  email?: string | null;
  locale?: string | null;
}

/** Enough to refuse typos (one @, a dot in the domain, no spaces or angle brackets); the mail server decides the rest. */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
export const EMAIL_MAX = 254;

@Injectable()
export class AuthService {
  private readonly perRequest = new WeakMap<object, Map<string, Promise<Principal | null>>>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly sections: SectionRepository,
    private readonly localeRegistry: LocaleRegistry,
  ) {}

  /** The principal for a bearer key, or null when the key is unknown or revoked. */
  async authenticate(key: string): Promise<Principal | null> {
    const row = await this.keys.findActiveByHash(hashApiKey(key));
    if (!row) return null;
    void this.keys.touch(row.id).catch(() => undefined);
    return { keyId: row.id, name: row.name, role: row.role, locales: row.locales, sectionId: row.sectionId, email: row.email, locale: row.locale };
  }

  /**
   * authenticate(), once per request: the rate limiter and the GraphQL context both need the caller, and
   * the key is looked up (and its last use recorded) a single time.
   */
  authenticateOnce(req: object, key: string): Promise<Principal | null> {
    let byKey = this.perRequest.get(req);
    if (!byKey) this.perRequest.set(req, (byKey = new Map<string, Promise<Principal | null>>()));
    let found = byKey.get(key);
    if (!found) byKey.set(key, (found = this.authenticate(key)));
    return found;
  }

  /** Creates a key and returns it in clear, the only time it exists outside the caller's hands. */
  async createKey(request: CreateKeyRequest): Promise<{ key: string; row: ApiKeyEntity }> {
    const role = request.role.toUpperCase() as Role;
    if (!ROLES.includes(role)) throw badInput('errors:auth.unknownRole', { role: request.role, roles: ROLES.join(', ') });
    const name = request.name.trim();
    if (!name) throw badInput('errors:auth.nameRequired');
    const locales = (request.locales ?? []).map((tag) => this.localeRegistry.require(tag));
    if (role === 'TRANSLATOR' && locales.length === 0) throw badInput('errors:auth.translatorNeedsLocales');
    let sectionId: string | null = null;
    if (role === 'PUBLISHER') {
      if (!request.section) throw badInput('errors:auth.publisherNeedsSection');
      const section = await this.sections.findBySlug(request.section);
      if (!section) throw badInput('errors:section.notFound', { slug: request.section });
      sectionId = section.id;
    }
    const email = request.email?.trim() || null;
    if (email && (email.length > EMAIL_MAX || !EMAIL.test(email))) throw badInput('help:keys.badEmail', { email });
    const locale = request.locale ? this.localeRegistry.require(request.locale) : null;
    const key = generateApiKey();
    const row = await this.keys.insert({ name, role, locales, sectionId, email, locale, keyHash: hashApiKey(key), keyPrefix: key.slice(0, 10) });
    return { key, row };
  }

  listKeys(): Promise<ApiKeyEntity[]> {
    return this.keys.listAll();
  }

  revokeKey(id: string): Promise<boolean> {
    return this.keys.revoke(id);
  }
}
