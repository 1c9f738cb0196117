import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { AppModuleOptions } from '../../src/app.module';
import { AuthService } from '../../src/auth/auth.service';
import { createApi } from '../../src/bootstrap';

export interface GqlOptions {
  key?: string;
  lang?: string;
  variables?: Record<string, unknown>;
}

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions: { code: string; [k: string]: unknown }; path?: string[] }[];
}

/** The real API (real PostgreSQL, real Redis) behind supertest, for integration tests. */
export class TestApp {
  private constructor(readonly app: INestApplication) {}

  static async start(options: AppModuleOptions = {}): Promise<TestApp> {
    const app = await createApi(options);
    await app.init();
    return new TestApp(app);
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  async gql<T = Record<string, any>>(query: string, options: GqlOptions = {}): Promise<GqlResponse<T>> {
    let req = this.http.post('/graphql').set('Content-Type', 'application/json');
    if (options.key) req = req.set('Authorization', `Bearer ${options.key}`);
    if (options.lang) req = req.set('Accept-Language', options.lang);
    const res = await req.send({ query, variables: options.variables ?? {} });
    return { status: res.status, data: res.body.data ?? undefined, errors: res.body.errors };
  }

  /** A fresh API key for a role (created as `npm run keys` would). */
  async key(role: 'ADMIN' | 'EDITOR' | 'TRANSLATOR' | 'PUBLISHER', extra: { locales?: string[]; section?: string } = {}) {
    const { key } = await this.app.get(AuthService).createKey({ role, name: `${role.toLowerCase()} ${Date.now()}`, ...extra });
    return key;
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
