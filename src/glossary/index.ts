/** The glossary domain's public surface: other domains import glossary only from here (see ARCHITECTURE.md). */
export { GlossaryModule } from './glossary.module';
export { GlossaryService } from './glossary.service';
export type { GlossaryTermEntity } from './glossary-term.entity';
