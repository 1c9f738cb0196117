import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { validatedConfigOrExit } from '../config/startup';
import { DomainError } from '../common/errors';
import { ConfigModule } from '../config/config.module';
import { assertMigrated } from '../database/data-source';
import { DatabaseModule } from '../database/database.module';
import { I18nModule } from '../i18n/i18n.module';
import { LocaleRegistry } from '../i18n/locale-registry';
import { negotiateLocale } from '../i18n/negotiate';
import { Translator } from '../i18n/translator';
import { AuthModule } from '../auth/auth.module';
import { AuthService } from '../auth/auth.service';
import { AuditModule } from '../audit/audit.module';
import { AuditService } from '../audit/audit.service';
import { RedisModule } from '../redis/redis.module';

// RedisModule: sections (under auth) invalidate the read cache; its connection opens only when used.
@Module({ imports: [ConfigModule, I18nModule, DatabaseModule.forRoot(), RedisModule, AuthModule, AuditModule] })
class KeysCliModule {}

const USAGE = `Usage:
  npm run keys -- create --role ADMIN|EDITOR|TRANSLATOR|PUBLISHER --name NAME [--locales ur,fr] [--section slug] [--email a@example.org] [--locale fr]
  npm run keys -- list
  npm run keys -- revoke ID`;

/** The audit log's actor for the CLI: whoever runs it on this machine (there is no key to name). */
function cliActor(): string {
  try {
    return `cli (${userInfo().username})`;
  } catch {
    return 'cli';
  }
}

/** Manages API keys. A new key is printed once, alone on the last line; only its hash is stored. */
export async function runKeysCli(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      locales: { type: 'string' },
      section: { type: 'string' },
      email: { type: 'string' },
      locale: { type: 'string' },
    },
  });
  const [command, id] = positionals;
  if (!command || !['create', 'list', 'revoke'].includes(command) || (command === 'revoke' && !id)) {
    out(USAGE);
    return 2;
  }
  const app = await NestFactory.createApplicationContext(KeysCliModule, { logger: ['error'] });
  const locales = app.get(LocaleRegistry);
  const language = negotiateLocale(process.env.LC_ALL ?? process.env.LANG?.replace(/\..*$/, ''), locales.codes, locales.defaultLocale);
  try {
    await assertMigrated(app.get(DataSource));
    const auth = app.get(AuthService);
    // The same entries as createApiKey and revokeApiKey over GraphQL, the CLI's user as the actor.
    const audit = (action: string, target: string) => app.get(AuditService).record({ actor: cliActor(), actorKeyId: null, action, target });
    if (command === 'create') {
      const { key, row } = await auth.createKey({
        role: values.role ?? '',
        name: values.name ?? '',
        locales: values.locales?.split(',').map((s) => s.trim()).filter(Boolean),
        section: values.section,
        email: values.email,
        locale: values.locale,
      });
      if (!(await audit('createApiKey', row.id))) out(app.get(Translator).t(language, 'help:keys.auditFailed'));
      out(`Created ${row.role} key "${row.name}" (id ${row.id}). Store it now: it is not shown again.`);
      out(key);
    } else if (command === 'list') {
      for (const k of await auth.listKeys()) {
        const scope = [
          k.locales.length ? `locales=${k.locales.join(',')}` : '',
          k.sectionId ? `section=${k.sectionId}` : '',
          k.email ? `email=${k.email}` : '',
          k.locale ? `mail-locale=${k.locale}` : '',
        ]
          .filter(Boolean)
          .join(' ');
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
        out(`${k.id}  ${k.role.padEnd(10)} ${k.keyPrefix}…  ${k.name}  ${scope}  ${state}`.replace(/\s+$/, ''));
      }
    } else {
      const revoked = await auth.revokeKey(id);
      if (revoked && !(await audit('revokeApiKey', id))) out(app.get(Translator).t(language, 'help:keys.auditFailed'));
      out(revoked ? `Revoked ${id}` : `No active key ${id}`);
      return revoked ? 0 : 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      out(app.get(Translator).t(language, error.key, error.params));
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  validatedConfigOrExit();
  runKeysCli(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
