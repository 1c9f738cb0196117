/** The auth domain's public surface: other domains import auth only from here (see ARCHITECTURE.md). */
export { AuthModule } from './auth.module';
export { AuthService } from './auth.service';
export { KeyRevocations } from './key-revocations';
