import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SectionEntity } from './section.entity';
import { SectionRepository } from './section.repository';
import { SectionsResolver } from './sections.resolver';
import { SectionsService } from './sections.service';

@Module({
  imports: [TypeOrmModule.forFeature([SectionEntity])],
  providers: [SectionRepository, SectionsService, SectionsResolver],
  exports: [SectionRepository, SectionsService],
})
export class SectionsModule {}
