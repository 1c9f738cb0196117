import { connect, Socket } from 'node:net';
import { makeSection, type SectionFixture } from '../support/factories';
import { TestApp } from '../support/test-app';
import { FeedServer, rss } from '../feeds/support/feed-server';
import { waitFor } from '../feeds/support/wait';
import { apiPortFrom, BuiltWorker } from '../feeds/support/worker-process';
import { composeCommand, ImageRoot, imageCommand, Pid1Process, waitForHttp, within } from './support/image';

/** A GraphQL request whose body arrives in two parts: the server holds it open until the second. */
function slowRequest(port: number, query: string) {
  const body = JSON.stringify({ query });
  const socket: Socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (d) => (answer += d.toString()));
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(answer)));
  socket.on('error', () => undefined);
  const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  const half = Math.floor(body.length / 2);
  const opened = new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  return {
    sendFirstHalf: async () => {
      await opened;
      socket.write(head + body.slice(0, half));
    },
    sendRest: () => socket.write(body.slice(half)),
    answer: closed,
  };
}

describe('SIGTERM reaches node as PID 1, as in the image (unshare --pid --fork --mount-proc)', () => {
  let built: BuiltWorker;
  let root: ImageRoot;

  beforeAll(() => {
    built = BuiltWorker.build();
    root = new ImageRoot(built.dir);
  }, 300_000); // may rebuild dist/ first (ensureFreshDist)
  afterAll(() => {
    root?.remove();
  });

  it("the Dockerfile's start command is exec form, with node itself as the process", () => {
    expect(imageCommand()[0]).toBe('node');
  });

  it('the API as PID 1 finishes the request in flight, then exits 0', async () => {
    // PORT=0: the API binds a free port and logs it (never a port picked, closed and raced for).
    const api = new Pid1Process(imageCommand(), { cwd: root.dir, env: { PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', LOG_LEVEL: 'log' } });
    try {
      const pid = await api.pid();
      const port = await apiPortFrom(() => api.output);
      // Generous: on a shared, loaded machine a cold start can take a minute.
      await waitForHttp(`http://127.0.0.1:${port}/health`, 150_000);
      expect(Pid1Process.namespacePid(pid)).toBe(1);
      expect(Pid1Process.argv(pid)).toEqual(imageCommand());

      const inFlight = slowRequest(port, '{ __typename }');
      await inFlight.sendFirstHalf();
      await new Promise((r) => setTimeout(r, 200));
      process.kill(pid, 'SIGTERM');
      // The server is draining: the request whose body is still arriving is not cut.
      await new Promise((r) => setTimeout(r, 1000));
      expect(api.wrapper.exitCode).toBeNull();
      inFlight.sendRest();
      const answer = await inFlight.answer;
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
      expect(answer).toContain('{"data":{"__typename":"Query"}}');

      expect(await within(api.exited, 15_000)).toEqual({ code: 0, signal: null });
    } finally {
      api.kill();
    }
  }, 240_000);

  describe('the worker as PID 1 (the compose file\'s worker command)', () => {
    let t: TestApp;
    let server: FeedServer;

    beforeAll(async () => {
      t = await TestApp.start();
      server = await new FeedServer().start();
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
      await t?.close();
    });

    const bigFeed = async (path: string, n: number): Promise<SectionFixture> => {
      server.routes.set(path, {
        body: rss(Array.from({ length: n }, (_, i) => ({ guid: `${path}-${i}`, link: `https://site.example${path}/${i}`, title: `Item ${i} of ${path}` }))),
      });
      const section = await makeSection(t, await t.key('ADMIN'));
      const res = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, {
        key: await t.key('EDITOR'),
        variables: { input: { section: section.slug, url: server.url(path), locale: 'en' } },
      });
      expect(res.errors).toBeUndefined();
      return section;
    };
    const articles = async (s: SectionFixture) =>
      (await t.dataSource.query(`SELECT count(*)::int AS n, count(DISTINCT identity)::int AS distinct FROM articles WHERE section_id = $1`, [s.id]))[0];

    it('SIGTERM in the middle of a large poll: the poll finishes, every item once, exit 0', async () => {
      const N = 3000;
      const section = await bigFeed('/pid1-term.xml', N);
      const command = composeCommand('worker');
      expect(command[0]).toBe('node');
      const worker = new Pid1Process(command, {
        cwd: root.dir,
        env: { FETCH_ALLOWLIST: '127.0.0.1,::1', FEED_DISPATCH_EVERY_MS: '200', FEED_UPSERT_BATCH: '20', NODE_ENV: 'test', LOG_LEVEL: 'log' },
      });
      try {
        const pid = await worker.pid();
        expect(Pid1Process.namespacePid(pid)).toBe(1);
        await waitFor(async () => (await articles(section)).n > 0, 'the first batches', 150_000, 10);
        process.kill(pid, 'SIGTERM');
        expect(await within(worker.exited, 60_000)).toEqual({ code: 0, signal: null });
        expect(await articles(section)).toEqual({ n: N, distinct: N });
      } finally {
        worker.kill();
      }
    }, 300_000);
  });
});
