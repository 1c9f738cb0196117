import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SectionsModule } from '../sections';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { AuthService } from './auth.service';
import { ViewerResolver } from './viewer.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity]), SectionsModule],
  providers: [ApiKeyRepository, AuthService, ViewerResolver],
  exports: [AuthService],
})
export class AuthModule {}
