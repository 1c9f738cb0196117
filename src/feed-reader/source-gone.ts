/**
 * Thrown by a domain's item handler when the source it polls was deleted while the poll was in flight (an
 * editor's deleteFeed during the fetch): the poll is discarded, nothing more is written or recorded.
 */
export class SourceGoneError extends Error {
  constructor(readonly label: string) {
    super(`${label} was deleted during its poll`);
    this.name = 'SourceGoneError';
  }
}

/** A poll discarded because its source was deleted meanwhile. */
export type SourceGoneOutcome = { outcome: 'gone' };
