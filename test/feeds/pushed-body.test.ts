import { randomBytes } from 'node:crypto';
import { BODY_SLICE_BYTES, PushedDocumentRepository } from '../../src/feeds/push/pushed-document.repository';
import { makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';

/** A pushed body is read back by the worker in slices; the bytes it gets are the bytes that were pushed. */
describe('pushed bodies read back in slices', () => {
  let t: TestApp;
  let pushes: PushedDocumentRepository;

  beforeAll(async () => {
    t = await TestApp.start();
    pushes = new PushedDocumentRepository(t.dataSource);
  });
  afterAll(() => t.close());

  it.each([0, 1, BODY_SLICE_BYTES, BODY_SLICE_BYTES + 1, 1_300_001])('returns a %i-byte body byte for byte, and nothing once it is finished', async (bytes) => {
    const section = await makeSection(t, await t.key('ADMIN'));
    const body = randomBytes(bytes);
    const id = `push-${section.id}-${bytes}`;
    expect(await pushes.store(id, section.id, body, 'application/rss+xml')).toBe(true);
    const pending = await pushes.pending(id);
    expect(pending?.sectionId).toBe(section.id);
    expect(pending?.contentType).toBe('application/rss+xml');
    expect(pending?.body.equals(body)).toBe(true);
    await pushes.finish(id, { state: 'INGESTED', itemCount: 0 });
    expect(await pushes.pending(id)).toBeNull();
  });
});
