import { AbstractLogger, LogLevel, LogMessage } from 'typeorm';

/** Counts the SQL statements TypeORM sends, so tests can prove a query shape costs a bounded number. */
export class SqlCounter extends AbstractLogger {
  count = 0;
  statements: string[] = [];

  reset(): void {
    this.count = 0;
    this.statements = [];
  }

  override logQuery(query: string): void {
    this.count++;
    this.statements.push(query);
  }

  protected writeLog(_level: LogLevel, _message: LogMessage | LogMessage[]): void {
    // Statements are counted in logQuery; nothing is printed.
  }
}
