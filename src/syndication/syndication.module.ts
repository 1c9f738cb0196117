import { Module } from '@nestjs/common';
import { SectionsModule } from '../sections';
import { SitemapRepository } from './sitemap.repository';
import { SitemapService } from './sitemap.service';
import { SyndicationController } from './syndication.controller';
import { SyndicationRepository } from './syndication.repository';
import { SyndicationService } from './syndication.service';
import { WebSubPublishModule } from './websub/websub-publish.module';

/** Outgoing feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) of published articles per language, the sitemaps, and WebSub publish pings. */
@Module({
  imports: [SectionsModule, WebSubPublishModule],
  controllers: [SyndicationController],
  providers: [SyndicationRepository, SyndicationService, SitemapRepository, SitemapService],
})
export class SyndicationModule {}
