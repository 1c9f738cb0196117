import { forbidden, unauthenticated } from '../common/errors';
import { canWorkInLocale, type Principal } from '../common/principal';

/** A translator scoped to `locale`, an editor or an admin; FORBIDDEN otherwise. */
export function translatorIn(principal: Principal | null, locale: string): Principal {
  if (!principal) throw unauthenticated();
  if (!canWorkInLocale(principal, locale)) {
    throw principal.role === 'TRANSLATOR' ? forbidden('errors:auth.localeScope', { locale }) : forbidden();
  }
  return principal;
}
