/**
 * The container healthcheck: `node dist/healthcheck.js [path]` asks this container's own HTTP port
 * (PORT, or HEALTH_PORT for a process that serves health elsewhere) for `path` (default /health/live) and
 * exits 0 on a 2xx answer within 3 s, else 1. Node instead of curl: the slim image has no curl.
 */
const path = process.argv[2] ?? '/health/live';
const port = process.env.HEALTH_PORT ?? process.env.PORT ?? '3000';

fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
