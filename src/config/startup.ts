import type { LogLevel } from '@nestjs/common';
import { AppConfig } from './app-config';
import { ConfigError, parseEnv } from './env.schema';

// What every process (API, worker, CLI) does first. Kept apart from bootstrap.ts, which builds the API:
// importing that from the worker loaded the whole API (Apollo, GraphQL, the queue dashboard, Express).

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export function logLevels(level: string): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(level as LogLevel) + 1);
}

/** Validates the environment first, so a bad variable stops start-up with its name and nothing else. */
export function validatedConfigOrExit(): AppConfig {
  try {
    return new AppConfig(parseEnv());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
