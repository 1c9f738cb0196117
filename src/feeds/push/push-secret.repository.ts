import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { PushSecretEntity } from './push-secret.entity';

@Injectable()
export class PushSecretRepository {
  constructor(
    @InjectRepository(PushSecretEntity) private readonly repo: Repository<PushSecretEntity>,
    private readonly dataSource: DataSource,
  ) {}

  findBySection(sectionId: string): Promise<PushSecretEntity | null> {
    return this.repo.findOne({ where: { sectionId } });
  }

  /** Sets the sealed secret; the one it replaces keeps verifying for `overlapMs`. */
  async rotate(sectionId: string, sealed: string, overlapMs: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO section_push_secrets (section_id, current_secret, rotated_at) VALUES ($1, $2, now())
       ON CONFLICT (section_id) DO UPDATE SET
         previous_secret = section_push_secrets.current_secret,
         previous_valid_until = now() + make_interval(secs => $3),
         current_secret = EXCLUDED.current_secret,
         rotated_at = now()`,
      [sectionId, sealed, overlapMs / 1000],
    );
  }

  async touchPush(sectionId: string): Promise<void> {
    await this.dataSource.query(`UPDATE section_push_secrets SET last_push_at = now() WHERE section_id = $1`, [sectionId]);
  }
}
