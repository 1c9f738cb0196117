/** What a finished job tells observers (metrics, logs): its queue, name, outcome, time taken and result. */
export interface FinishedJob {
  queue: string;
  name: string;
  id?: string;
  /** The handler's own outcome (e.g. a poll's "ingested", "not-modified", "failed"), else "completed" or "error". */
  outcome: string;
  seconds: number;
  result?: unknown;
  requestId?: string;
}

export type JobObserver = (job: FinishedJob) => void;

const observers = new Set<JobObserver>();

/** The worker's metrics subscribe here; processors report through reportJob. Returns an unsubscribe. */
export function observeJobs(observer: JobObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function reportJob(job: FinishedJob): void {
  for (const observer of observers) {
    try {
      observer(job);
    } catch {
      // An observer's bug never fails a job.
    }
  }
}

/** The outcome a handler's result names ({ outcome: "..." }), else "completed". */
export function outcomeOf(result: unknown): string {
  const outcome = (result as { outcome?: unknown } | null)?.outcome;
  return typeof outcome === 'string' ? outcome : 'completed';
}
