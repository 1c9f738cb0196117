import { AbstractLogger, LogLevel, LogMessage } from 'typeorm';

/** Counts the SQL statements TypeORM sends, so tests can prove a query shape costs a bounded number. */
export class SqlCounter extends AbstractLogger {
  count = 0;
  statements: string[] = [];
  /** Each statement with its parameters (for EXPLAIN in test/scale/read-plans.test.ts). */
  calls: { query: string; parameters: unknown[] }[] = [];

  reset(): void {
    this.count = 0;
    this.statements = [];
    this.calls = [];
  }

  override logQuery(query: string, parameters?: unknown[]): void {
    this.count++;
    this.statements.push(query);
    this.calls.push({ query, parameters: parameters ?? [] });
  }

  protected writeLog(_level: LogLevel, _message: LogMessage | LogMessage[]): void {
    // Statements are counted in logQuery; nothing is printed.
  }
}
