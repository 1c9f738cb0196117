import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GlossaryTermEntity } from './glossary-term.entity';
import { GlossaryRepository } from './glossary.repository';
import { GlossaryResolver } from './glossary.resolver';
import { GlossaryService } from './glossary.service';

/** Protected terms per locale pair (table `glossary_terms`). */
@Module({
  imports: [TypeOrmModule.forFeature([GlossaryTermEntity])],
  providers: [GlossaryRepository, GlossaryService, GlossaryResolver],
  exports: [GlossaryService],
})
export class GlossaryModule {}
