import { describe, expect, it } from '@jest/globals';
import { deliveryTaskId } from '@herald/contracts';
import { orderLike, pollUntil } from '@herald/testing';
import { ParkingLot } from '../src/parking/parking-lot.js';
import { endpointAt, taskFor } from './fixtures.js';
import { Harness } from './harness.js';

/**
 * Long waits leave JetStream: a late retry and a long pause wait in the
 * parking lot (Postgres), holding no unacknowledged message, and come back
 * when due — delivered, not lost, not early.
 */
describe('dispatcher parking lot (real NATS and Postgres)', () => {
  const h = Harness.forSuite({ HERALD_PARK_AFTER: '300ms' });

  const parked = (reason: string) => h.metric('herald_dispatcher_parked_tasks', { reason });

  it('parks a retry due later than the threshold and delivers it when due', async () => {
    h.receiver.respond('/late-retry', (_r, nth) => (nth === 1 ? { status: 500 } : {}));
    const endpoint = await h.putEndpoint(
      endpointAt(h.receiver.url('/late-retry'), { retryScheduleMs: [1_500] }),
    );
    await h.publishTask(taskFor(endpoint));
    await pollUntil(async () => (await parked('not_before')) === 1, { what: 'retry parked' });
    await pollUntil(async () => (await h.unfinishedTasks()) === 0, { what: 'nothing pending' });
    const [failure, success] = await h.finalAttempts(endpoint.id);
    expect(success).toMatchObject({ attempt: 2, outcome: 'success' });
    expect(Date.parse(success!.at)).toBeGreaterThanOrEqual(Date.parse(failure!.nextAttemptAt!));
    expect(await parked('not_before')).toBe(0);
  });

  it('parks a long-paused endpoint’s tasks and delivers every one when the pause ends', async () => {
    const endpoint = await h.putEndpoint(endpointAt(h.receiver.url('/long-pause')));
    const until = Date.now() + 1_500;
    await h.pause(endpoint, until);
    const tasks = Array.from({ length: 5 }, () => taskFor(endpoint));
    for (const task of tasks) await h.publishTask(task);
    await pollUntil(async () => (await parked('endpoint_paused')) === 5, { what: 'all parked' });
    expect(await h.unfinishedTasks()).toBe(0);
    await pollUntil(() => h.receiver.on('/long-pause').length === 5, {
      what: 'all delivered after the pause',
    });
    const received = h.receiver.on('/long-pause');
    expect(Math.min(...received.map((r) => r.receivedAt))).toBeGreaterThanOrEqual(until);
    expect(new Set(received.map((r) => r.headers['webhook-id']))).toEqual(
      new Set(tasks.map((t) => t.messageId)),
    );
  });

  it('group-commits tasks parked together, one row per task with the earliest due time', async () => {
    const endpoint = await h.putEndpoint(endpointAt(h.receiver.url('/parked-together')));
    const lot = h.get(ParkingLot);
    const due = Date.now() + 3_600_000;
    const tasks = Array.from({ length: 40 }, () => taskFor(endpoint));
    // Late retries (`not_before`), not backlog: the running dispatcher's poll
    // releases a tenant's backlog early once the tenant has room again, and
    // would make these rows due now between the park and the read.
    await Promise.all([
      ...tasks.map((task) => lot.park(task, 'not_before', due)),
      // The same task again in the same batch, due sooner: one row, the sooner time.
      lot.park(tasks[0]!, 'not_before', due - 60_000),
    ]);
    const rows = await h.db.query<{ task_id: string; due_at: Date }[]>(
      'SELECT task_id, due_at FROM parked_tasks WHERE endpoint_id = $1',
      [endpoint.id],
    );
    expect(rows).toHaveLength(tasks.length);
    const first = rows.find((r) => r.task_id === deliveryTaskId(tasks[0]!))!;
    expect(first.due_at.getTime()).toBe(due - 60_000);
    await h.db.query('DELETE FROM parked_tasks WHERE endpoint_id = $1', [endpoint.id]);
  });

  it('stores a large parked task compressed with LZ4, as dead letters are (ADR 0110)', async () => {
    const endpoint = await h.putEndpoint(endpointAt(h.receiver.url('/parked-large')));
    const task = taskFor(endpoint, JSON.stringify(orderLike(120)));
    await h.get(ParkingLot).park(task, 'not_before', Date.now() + 3_600_000);
    const [row] = await h.db.query<{ method: string; task: string }[]>(
      'SELECT pg_column_compression(task) AS method, task FROM parked_tasks WHERE task_id = $1',
      [deliveryTaskId(task)],
    );
    expect(row!.method).toBe('lz4');
    expect(JSON.parse(row!.task)).toMatchObject({ payload: task.payload });
    const [deadLetters] = await h.db.query<{ attcompression: string }[]>(
      `SELECT attcompression FROM pg_attribute
       WHERE attrelid = 'dead_letters'::regclass AND attname = 'payload'`,
    );
    expect(deadLetters).toEqual({ attcompression: 'l' });
    await h.db.query('DELETE FROM parked_tasks WHERE endpoint_id = $1', [endpoint.id]);
  });
});
