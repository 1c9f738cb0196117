/**
 * Whether the process is shutting down (SIGTERM received). While it drains, readiness answers 503 so load
 * balancers stop sending, and every response asks its client to close the connection.
 */
let draining = false;

export function startDraining(): void {
  draining = true;
}

export function isDraining(): boolean {
  return draining;
}
