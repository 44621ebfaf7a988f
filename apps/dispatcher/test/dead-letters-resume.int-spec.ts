import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@herald/testing';
import { DeadLettersHarness, type ReplayRecord } from './dead-letters.fixtures.js';

/**
 * Replay jobs outlive the process that started them: a graceful restart
 * resumes at once, a crashed owner's job is adopted when its lease lapses, and
 * a dead letter published but not yet marked is absorbed by JetStream's
 * de-duplication — each dead letter reaches the deliver stream once per job.
 */
describe('dead letters: replay jobs survive restarts', () => {
  let h: DeadLettersHarness;

  beforeAll(async () => {
    h = await DeadLettersHarness.start({ HERALD_REPLAY_RATE: '10', HERALD_REPLAY_LEASE: '1s' });
  });
  afterAll(() => h?.stop());

  const replay = (apiKey: string, id: string) =>
    h.api<ReplayRecord>('GET', `/v1/replays/${id}`, apiKey).then((r) => r.body);

  async function jobHalfway(count: number) {
    const { tenantId, apiKey } = await h.tenant();
    const endpoint = await h.endpoint(tenantId);
    const tasks = [];
    for (let i = 0; i < count; i++) tasks.push(await h.deadLetter(endpoint));
    const started = await h.api('POST', '/v1/dead-letters/replay', apiKey, {});
    expect(started.status).toBe(202);
    const replayId = started.body.replayId;
    await pollUntil(async () => (await replay(apiKey, replayId)).published >= 3, {
      what: 'three dead letters replayed',
    });
    return { apiKey, replayId, tasks };
  }

  async function expectEachOnce(replayId: string, messageIds: string[]) {
    const published = (await h.published()).filter((p) => p.task.replayId === replayId);
    expect(published.map((p) => p.task.messageId).sort()).toEqual([...messageIds].sort());
    const rows = await h.rows(messageIds);
    expect(rows.every((r) => r.replay_count === 1 && r.last_replay_id === replayId)).toBe(true);
  }

  it('resumes a job after a graceful restart, skipping what it already replayed', async () => {
    const { apiKey, replayId, tasks } = await jobHalfway(12);

    await h.restart();
    const resumed = await h.finished(apiKey, replayId);
    expect(resumed).toMatchObject({ status: 'done', matched: 12, published: 12 });
    await expectEachOnce(
      replayId,
      tasks.map((t) => t.messageId),
    );
  });

  it("adopts a crashed replica's job only once its lease lapses; a publish it never marked is de-duplicated", async () => {
    const { apiKey, replayId, tasks } = await jobHalfway(12);

    // Another replica takes the job and dies holding it, having published one
    // dead letter it never marked (we unmark one to stand for it). Ours loses
    // the lease at its next mark; the job waits for the dead lease to lapse.
    const [{ lease_until: leaseUntil }] = await h.db.query<[{ lease_until: Date }]>(
      `WITH unmarked AS (
         UPDATE dead_letters SET replayed_at = NULL, replay_count = 0, last_replay_id = NULL
         WHERE id = (SELECT id FROM dead_letters WHERE last_replay_id = $1 ORDER BY dead_at, id LIMIT 1)
         RETURNING id
       ), taken AS (
         UPDATE replays SET owner = 'crashed-replica', lease_until = now() + interval '2 s',
           published = published - (SELECT count(*) FROM unmarked)::int
         WHERE id = $1 RETURNING lease_until
       )
       SELECT lease_until FROM taken`,
      [replayId],
    );
    const takenAt = Date.now();
    await h.restart();

    const adopted = await h.finished(apiKey, replayId);
    expect(adopted).toMatchObject({ status: 'done', matched: 12, published: 12 });
    await expectEachOnce(
      replayId,
      tasks.map((t) => t.messageId),
    );
    const after = (await h.published())
      .filter((p) => p.task.replayId === replayId && p.storedAt > takenAt)
      .map((p) => p.storedAt)
      .sort((a, b) => a - b);
    // At most one publish was in flight when the lease was taken; nothing else
    // moved until it lapsed. The unmarked dead letter was published again under
    // the same Nats-Msg-Id, and JetStream kept one copy (expectEachOnce).
    expect(after.slice(1).every((at) => at >= leaseUntil.getTime() - 50)).toBe(true);
    expect(after.length).toBeGreaterThan(1);
  });
});
