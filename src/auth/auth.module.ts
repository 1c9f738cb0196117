import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SectionsModule } from '../sections';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { AuthService } from './auth.service';
import { ApiKeysResolver } from './api-keys.resolver';
import { KeyRevocations } from './key-revocations';
import { ViewerResolver } from './viewer.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity]), SectionsModule],
  providers: [ApiKeyRepository, AuthService, KeyRevocations, ViewerResolver, ApiKeysResolver],
  exports: [AuthService, KeyRevocations],
})
export class AuthModule {}
