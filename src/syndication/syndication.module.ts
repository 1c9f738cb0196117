import { Module } from '@nestjs/common';
import { SectionsModule } from '../sections';
import { SyndicationController } from './syndication.controller';
import { SyndicationRepository } from './syndication.repository';
import { SyndicationService } from './syndication.service';

/** Outgoing feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) of published articles per language. */
@Module({
  imports: [SectionsModule],
  controllers: [SyndicationController],
  providers: [SyndicationRepository, SyndicationService],
})
export class SyndicationModule {}
