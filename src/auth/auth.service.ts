import { Injectable } from '@nestjs/common';
import { badInput, notFound } from '../common/errors';
import { isUuid } from '../common/text';
import { LocaleRegistry } from '../i18n/locale-registry';
import { SectionRepository } from '../sections';
import { generateApiKey, hashApiKey } from './api-key';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { KeyRevocations } from './key-revocations';
import { Principal, Role, ROLES } from '../common/principal';

export interface CreateKeyRequest {
  role: string;
  name: string;
  locales?: string[] | null;
  section?: string | null;
  email?: string | null;
  locale?: string | null;
}

/** Enough to refuse typos (one @, a dot in the domain, no spaces or angle brackets); the mail server decides the rest. */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
export const EMAIL_MAX = 254;
/** Long enough for "Ayesha, Urdu desk (laptop)"; a name is shown in lists and the audit log, not a document. */
export const KEY_NAME_MAX = 200;

@Injectable()
export class AuthService {
  private readonly perRequest = new WeakMap<object, Map<string, Promise<Principal | null>>>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly sections: SectionRepository,
    private readonly localeRegistry: LocaleRegistry,
    private readonly revocations: KeyRevocations,
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
    if (name.length > KEY_NAME_MAX) throw badInput('errors:auth.nameTooLong', { count: KEY_NAME_MAX });
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

  /** Revokes an active key; false when there is no active key with that id (the CLI's answer). */
  async revokeKey(id: string): Promise<boolean> {
    const revoked = isUuid(id) && (await this.keys.revoke(id));
    if (revoked) await this.revocations.announce(id);
    return revoked;
  }

  /**
   * Revokes a key and returns it (revokeApiKey). Revoking a revoked key changes nothing and returns it as it is;
   * an unknown id is NOT_FOUND. The key fails from the next request on, and its open sockets close (KeyRevocations).
   */
  async revokeApiKey(id: string): Promise<ApiKeyEntity> {
    const row = isUuid(id) ? await this.keys.findById(id) : null;
    if (!row) throw notFound('errors:auth.keyNotFound', { id });
    if (row.revokedAt) return row;
    await this.revokeKey(id);
    return (await this.keys.findById(id))!;
  }
}
