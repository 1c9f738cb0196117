import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Service {
  command?: string[];
  healthcheck?: { test: string[] };
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
}

/**
 * docker-compose.yml as Docker Compose itself reads it (`docker-compose config`, Debian's docker-compose;
 * no engine needed), with a .env made from .env.example as an operator would.
 */
function composeConfig(): { services: Record<string, Service> } {
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-compose-'));
  try {
    copyFileSync(join(ROOT, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
    copyFileSync(join(ROOT, 'Dockerfile'), join(dir, 'Dockerfile'));
    // As the compose section of docs/operations.md says: uncomment POSTGRES_PASSWORD and set it.
    const env = readFileSync(join(ROOT, '.env.example'), 'utf8').replace(/^# POSTGRES_PASSWORD=$/m, 'POSTGRES_PASSWORD=compose-test-password');
    writeFileSync(join(dir, '.env'), env);
    const config = spawnSync('docker-compose', ['config'], { cwd: dir, encoding: 'utf8' });
    if (config.error) throw new Error(`docker-compose is needed for this test (apt-get install docker-compose): ${config.error.message}`);
    expect({ status: config.status, stderr: config.stderr }).toEqual({ status: 0, stderr: '' });
    // Compose prints YAML; Debian's docker-compose brings PyYAML, which turns it into JSON here.
    const json = spawnSync('python3', ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: config.stdout, encoding: 'utf8' });
    expect(json.status).toBe(0);
    return JSON.parse(json.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('docker-compose.yml', () => {
  const { services } = composeConfig();

  it('is valid for Docker Compose and runs PostgreSQL, Redis, a migration step, the API and the worker', () => {
    expect(Object.keys(services).sort()).toEqual(['app', 'migrate', 'postgres', 'redis', 'worker']);
  });

  it('runs node itself as PID 1 (exec form), so a stop reaches it and the drain runs', () => {
    for (const name of ['migrate', 'app', 'worker']) expect(services[name].command?.[0]).toBe('node');
  });

  it('gives every long-running service a healthcheck and a restart policy; the API reports readiness', () => {
    for (const name of ['postgres', 'redis', 'app', 'worker']) {
      expect(services[name].healthcheck?.test.length).toBeGreaterThan(1);
      expect(services[name].restart).toBe('unless-stopped');
    }
    expect(services.app.healthcheck!.test).toEqual(['CMD', 'node', 'dist/healthcheck.js', '/health/ready']);
    expect(services.migrate.restart).toBe('no');
  });

  it('starts the API and the worker only after the migrations succeeded, against the compose network', () => {
    for (const name of ['app', 'worker']) {
      expect(services[name].depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(services[name].environment).toMatchObject({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://postgres:compose-test-password@postgres:5432/newsdesk',
        REDIS_URL: 'redis://redis:6379/0',
      });
    }
  });

  it('takes the rest of its settings from .env (every variable of .env.example reaches the API)', () => {
    const names = readFileSync(join(ROOT, '.env.example'), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=')[0]);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(Object.keys(services.app.environment ?? {})).toContain(name);
  });
});
