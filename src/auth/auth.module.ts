import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SectionsModule } from '../sections';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { AuthService } from './auth.service';

@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity]), SectionsModule],
  providers: [ApiKeyRepository, AuthService],
  exports: [AuthService],
})
export class AuthModule {}
