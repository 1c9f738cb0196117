import { randomBytes } from 'node:crypto';

export { SecretBox } from '../../common/secret-box';

/** A new push secret: 256 random bits, printable. */
export const generatePushSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;
