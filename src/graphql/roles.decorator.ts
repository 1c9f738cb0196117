import { SetMetadata } from '@nestjs/common';
import type { Role } from '../common/principal';

export const ROLES_KEY = 'newsdesk:roles';

/** The roles allowed to call an operation (ADMIN always is). Operations without it are public reads. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
