/** The sections domain's public surface: other domains import sections only from here (see ARCHITECTURE.md). */
export { SectionModel } from './models/section.model';
export { SectionEntity } from './section.entity';
export { SectionRepository } from './section.repository';
export { SectionsModule } from './sections.module';
export { SectionsService } from './sections.service';
