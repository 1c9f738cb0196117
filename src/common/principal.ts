/** The roles an API key can hold (stored in api_keys.role). */
export const ROLES = ['ADMIN', 'EDITOR', 'TRANSLATOR', 'PUBLISHER'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: resolved from the API key, or null for an anonymous reader. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  locales: string[];
  sectionId: string | null;
  /** The key's e-mail address and mail language, when it has them. */
  email?: string | null;
  locale?: string | null;
}

export const isStaff = (p: Principal | null | undefined): boolean =>
  !!p && (p.role === 'ADMIN' || p.role === 'EDITOR' || p.role === 'TRANSLATOR' || p.role === 'PUBLISHER');

/** ADMIN may do everything; other roles only what they are listed for. */
export const hasRole = (p: Principal | null | undefined, roles: readonly Role[]): boolean =>
  !!p && (p.role === 'ADMIN' || roles.includes(p.role));

/** May this principal work in `locale`? (TRANSLATOR keys are scoped to locales; editors and admins are not.) */
export const canWorkInLocale = (p: Principal, locale: string): boolean =>
  p.role === 'ADMIN' || p.role === 'EDITOR' || (p.role === 'TRANSLATOR' && p.locales.includes(locale));

/** May this principal write to the section? (PUBLISHER keys are scoped to one section.) */
export const canWriteSection = (p: Principal, sectionId: string): boolean =>
  p.role === 'ADMIN' || p.role === 'EDITOR' || (p.role === 'PUBLISHER' && p.sectionId === sectionId);
