import { isFull, takeToken, type TokenBucket } from '@herald/resilience';
import type { Clock } from '@herald/runtime';
import { mayTakeShare } from './tenant-share.js';

/**
 * The endpoint actors of one dispatcher replica and the fair scheduler that
 * runs them. Each endpoint has a mailbox (bounded), a concurrency limit and an
 * optional rate limit; the scheduler starts work while the replica is under
 * its global in-flight cap, taking turns between tenants and, within a
 * tenant, between endpoints (round robin). Invariants:
 *
 * - a job starts only if its endpoint has a free concurrency slot and a rate
 *   token, so a slow or rate-limited endpoint waits in its own mailbox and
 *   never holds a slot another endpoint could use;
 * - one tenant with many busy endpoints gets one turn per round, like a
 *   tenant with one;
 * - a full mailbox (or a full replica) refuses new work instead of buffering
 *   without bound: the caller puts the task back in JetStream;
 * - the payload bytes a replica holds are bounded as well as the jobs: no job
 *   starts while those running hold `maxHeldBytes` (unless none runs), and no
 *   job is accepted while queued and running ones hold that much (unless the
 *   caller bounds it itself);
 * - one tenant never takes more than its share of the replica: at most
 *   `tenantMaxInFlight` of its jobs run, `tenantMaxQueued` wait and
 *   `tenantMaxHeldBytes` are held at once (one job is always accepted, however
 *   large), so another tenant always finds room;
 * - a tenant alone in the replica (no other tenant has a job waiting or
 *   running) may queue up to the replica's `maxQueued` less half a share
 *   (`queuedShareOf`), and hold up to its `maxHeldBytes` less half a byte
 *   share (`heldBytesShareOf`): there is nobody to be fair to, and the half
 *   share still free is room for the next tenant to arrive. Once another
 *   tenant holds work, the first is back to its own share: its new jobs are
 *   refused until what it borrowed has run (ADR 0103, ADR 0109);
 * - within a tenant's in-flight and queued shares, a few slow or hanging
 *   endpoints cannot take the whole share from its other endpoints
 *   (`mayTakeShare`);
 * - `close()` hands every queued job back (rejects it with `SchedulerClosed`)
 *   and lets running jobs finish.
 */
export interface EndpointLimits {
  /** Jobs of this endpoint running at once in this replica. */
  concurrency: number;
  /** Job starts per second; null = unlimited. */
  ratePerSecond: number | null;
}

export interface SchedulerSettings {
  /** Jobs running at once in this replica, across endpoints. */
  maxInFlight: number;
  /** Jobs waiting per endpoint. */
  mailboxSize: number;
  /** Jobs waiting across endpoints. */
  maxQueued: number;
  /** Payload bytes of the jobs waiting and running, across endpoints. */
  maxHeldBytes: number;
  /** Jobs of one tenant running at once; unbounded when absent. */
  tenantMaxInFlight?: number;
  /** Jobs of one tenant waiting; unbounded when absent. */
  tenantMaxQueued?: number;
  /** Payload bytes of one tenant's jobs, waiting and running; unbounded when absent. */
  tenantMaxHeldBytes?: number;
}

/** What one tenant holds in this replica. */
interface TenantLoad {
  running: number;
  queued: number;
  bytes: number;
}

export interface SubmitOptions {
  /** The job's payload size, counted against `maxHeldBytes`. */
  bytes?: number;
  /** Accept beyond `maxQueued` and `maxHeldBytes` (the caller bounds such jobs itself); the mailbox still applies. */
  beyondReplicaLimit?: boolean;
}

/** The scheduler's view of time and timers; tests drive them by hand. */
export interface SchedulerClock extends Pick<Clock, 'monotonic'> {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class SchedulerClosed extends Error {
  constructor() {
    super('the dispatcher is shutting down');
    this.name = 'SchedulerClosed';
  }
}

/**
 * Work waiting in an endpoint's mailbox: a record the scheduler starts when
 * the endpoint's turn comes, or hands back with `cancel` when it closes. A
 * queued job is only this record, never a suspended async chain.
 */
export interface SchedulerJob {
  /** The payload bytes the job holds, counted against `maxHeldBytes` (0 if none). */
  readonly bytes: number;
  /** Runs the work; the endpoint's slot is freed once the returned promise settles. */
  start(): Promise<unknown>;
  /** The scheduler closed while the job was still queued: it never starts. */
  cancel(error: Error): void;
}

type Job = SchedulerJob;

/** A job whose result is a promise (`submit`). */
class PromiseJob<T> implements SchedulerJob {
  readonly result: Promise<T>;
  private resolve!: (value: T) => void;
  private reject!: (error: unknown) => void;

  constructor(
    readonly bytes: number,
    private readonly work: () => Promise<T>,
  ) {
    this.result = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  start(): Promise<unknown> {
    try {
      return this.work().then(this.resolve, this.reject);
    } catch (error) {
      this.reject(error);
      return Promise.resolve();
    }
  }

  cancel(error: Error): void {
    this.reject(error);
  }
}

class EndpointActor {
  readonly mailbox: Job[] = [];
  running = 0;
  bucket: TokenBucket | undefined;

  constructor(
    readonly id: string,
    readonly tenantId: string,
    public limits: EndpointLimits,
  ) {}
}

/**
 * A ring of keys with a cursor: `at` reads round from the cursor, `delete`
 * keeps the order of the rest. Read by index rather than by an iterator: the
 * scheduler walks its rings at every job start, and an iterator's entry
 * tuples were 6 % of a saturated dispatcher's allocation.
 */
class Ring<K, V> {
  readonly items = new Map<K, V>();
  private keys: K[] = [];
  private values: V[] = [];
  private cursor = 0;

  get size(): number {
    return this.keys.length;
  }

  add(key: K, value: V): void {
    if (this.items.has(key)) return;
    this.items.set(key, value);
    this.keys.push(key);
    this.values.push(value);
  }

  delete(key: K): void {
    if (!this.items.delete(key)) return;
    const index = this.keys.indexOf(key);
    this.keys.splice(index, 1);
    this.values.splice(index, 1);
    if (index < this.cursor) this.cursor -= 1;
    if (this.cursor >= this.keys.length) this.cursor = 0;
  }

  /** The `i`-th key from the cursor (0 ≤ i < size). */
  keyAt(i: number): K {
    return this.keys[(this.cursor + i) % this.keys.length]!;
  }

  /** The `i`-th value from the cursor (0 ≤ i < size). */
  at(i: number): V {
    return this.values[(this.cursor + i) % this.values.length]!;
  }

  /** Moves the cursor just past the `i`-th entry from it. */
  passedAt(i: number): void {
    this.cursor = (this.cursor + i + 1) % this.keys.length;
  }
}

export class DeliveryScheduler {
  /** Tenants with queued work → their endpoints with queued work. */
  private readonly tenants = new Ring<string, Ring<string, EndpointActor>>();
  /** Every endpoint with queued or running work. */
  private readonly actors = new Map<string, EndpointActor>();
  /** Tenants with queued or running work, and what they hold. */
  private readonly loads = new Map<string, TenantLoad>();
  private running = 0;
  private queued = 0;
  private runningBytes = 0;
  private held = 0;
  private isClosed = false;
  private wakeUp: { handle: unknown; at: number } | null = null;

  constructor(
    private readonly settings: SchedulerSettings,
    private readonly clock: SchedulerClock,
  ) {}

  /**
   * Queues `work` in the endpoint's mailbox; resolves or rejects with its
   * result once it ran. Returns null, without queuing, when the mailbox or
   * the replica is full, or the scheduler is closed.
   */
  submit<T>(
    endpoint: { id: string; tenantId: string },
    limits: EndpointLimits,
    work: () => Promise<T>,
    { bytes = 0, beyondReplicaLimit = false }: SubmitOptions = {},
  ): Promise<T> | null {
    const job = new PromiseJob(bytes, work);
    return this.enqueue(endpoint, limits, job, { beyondReplicaLimit }) ? job.result : null;
  }

  /**
   * Queues `job` in the endpoint's mailbox (its `bytes` counted against the
   * budgets); the scheduler calls its `start` when the endpoint's turn comes,
   * or its `cancel` if it closes first. Returns false, without queuing, when
   * the mailbox or the replica is full, or the scheduler is closed.
   */
  enqueue(
    endpoint: { id: string; tenantId: string },
    limits: EndpointLimits,
    job: SchedulerJob,
    { beyondReplicaLimit = false }: Pick<SubmitOptions, 'beyondReplicaLimit'> = {},
  ): boolean {
    if (this.isClosed) return false;
    if (!beyondReplicaLimit && this.saturated) return false;
    if (this.tenantFull(endpoint.tenantId, endpoint.id)) return false;
    const actor = this.actorFor(endpoint, limits);
    if (actor.mailbox.length >= this.settings.mailboxSize) return false;
    const load = this.loadOf(endpoint.tenantId);
    load.queued += 1;
    load.bytes += job.bytes;
    actor.mailbox.push(job);
    this.queued += 1;
    this.held += job.bytes;
    this.laneUp(actor);
    this.pump();
    return true;
  }

  /** Whether `close()` was called: no job is accepted any more. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Jobs waiting in mailboxes. */
  get queuedJobs(): number {
    return this.queued;
  }

  /** At `maxQueued` waiting jobs or `maxHeldBytes`: new jobs are refused unless their caller bounds them. */
  get saturated(): boolean {
    return this.queued >= this.settings.maxQueued || this.held >= this.settings.maxHeldBytes;
  }

  /** Payload bytes of the jobs waiting and running. */
  get heldBytes(): number {
    return this.held;
  }

  /** Jobs running now. */
  get runningJobs(): number {
    return this.running;
  }

  /**
   * Whether a tenant holds its share of the replica: `queuedShareOf` jobs
   * waiting or `tenantMaxHeldBytes` bytes. Its new jobs are refused until some
   * of them run. With `endpointId`: whether that endpoint's next job is
   * refused, which it also is when the endpoint would take the part of the
   * queued share kept for the tenant's other endpoints (`mayTakeShare`).
   */
  tenantFull(tenantId: string, endpointId?: string): boolean {
    const load = this.loads.get(tenantId);
    if (!load) return false;
    const tenantMaxQueued = this.queuedShareOf(tenantId);
    if (load.queued >= tenantMaxQueued) return true;
    if (load.bytes > 0 && load.bytes >= this.heldBytesShareOf(tenantId)) return true;
    if (endpointId === undefined || tenantMaxQueued === Infinity) return false;
    const use = { tenant: load.queued, endpoint: this.queuedFor(endpointId) };
    // The tenant's endpoints with queued jobs: those of its lane, and this one.
    const lane = this.tenants.items.get(tenantId);
    const holders = (lane?.size ?? 0) + (lane?.items.has(endpointId) ? 0 : 1);
    return !mayTakeShare(use, tenantMaxQueued, holders);
  }

  /**
   * The jobs a tenant may have waiting here now: its share
   * (`tenantMaxQueued`) or, while no other tenant has a job waiting or
   * running in this replica, the replica's queue less half a share, if that
   * is more. The part of it kept for the tenant's other endpoints is divided
   * by the same rule (`mayTakeShare`), against this figure. `othersComing`:
   * other tenants' work is about to arrive (the parking attendant bringing
   * back several backlogs), so the tenant will not be alone.
   */
  queuedShareOf(tenantId: string, othersComing = false): number {
    const alone = !othersComing && this.isAlone(tenantId);
    return lentWhileAlone(alone, this.settings.tenantMaxQueued, this.settings.maxQueued);
  }

  /**
   * The payload bytes a tenant may hold here now, by the same rule as
   * `queuedShareOf`: its share (`tenantMaxHeldBytes`) or, while it is alone in
   * this replica, the replica's bytes less half a share, if that is more.
   */
  heldBytesShareOf(tenantId: string): number {
    return lentWhileAlone(
      this.isAlone(tenantId),
      this.settings.tenantMaxHeldBytes,
      this.settings.maxHeldBytes,
    );
  }

  /** Whether no tenant but this one has a job waiting or running here. */
  private isAlone(tenantId: string): boolean {
    return this.loads.size === 0 || (this.loads.size === 1 && this.loads.has(tenantId));
  }

  /**
   * The tenant's endpoints whose next job is refused although the tenant is
   * under its queued share: they hold their part of it (`mayTakeShare`). The
   * parking attendant leaves their backlog parked and brings back the rest.
   */
  crowdingEndpoints(tenantId: string): string[] {
    if (!this.loads.has(tenantId) || this.tenantFull(tenantId)) return [];
    const crowding: string[] = [];
    for (const actor of this.actors.values()) {
      if (actor.tenantId === tenantId && this.tenantFull(tenantId, actor.id)) {
        crowding.push(actor.id);
      }
    }
    return crowding;
  }

  /** The tenant's endpoints with jobs waiting here (for the parking attendant). */
  endpointsQueuing(tenantId: string): string[] {
    return [...(this.tenants.items.get(tenantId)?.items.keys() ?? [])];
  }

  /** Jobs of one tenant waiting and running here (for the parking attendant and tests). */
  tenantLoad(tenantId: string): { queued: number; running: number } {
    const load = this.loads.get(tenantId);
    return { queued: load?.queued ?? 0, running: load?.running ?? 0 };
  }

  /** Waiting jobs of one endpoint (for tests and metrics). */
  queuedFor(endpointId: string): number {
    return this.actors.get(endpointId)?.mailbox.length ?? 0;
  }

  /** Nest calls this before the consumer closes, so queued tasks go back to JetStream at once. */
  onModuleDestroy(): void {
    this.close();
  }

  /** Rejects every queued job with `SchedulerClosed`; running jobs finish. */
  close(): void {
    this.isClosed = true;
    this.cancelWakeUp();
    for (const actor of this.actors.values()) {
      for (const job of actor.mailbox.splice(0)) job.cancel(new SchedulerClosed());
    }
    this.queued = 0;
    this.held = this.runningBytes;
    this.tenants.items.clear();
    for (const [tenantId, load] of this.loads) {
      load.queued = 0;
      load.bytes = 0;
      if (load.running === 0) this.loads.delete(tenantId);
    }
  }

  private actorFor(endpoint: { id: string; tenantId: string }, limits: EndpointLimits) {
    let actor = this.actors.get(endpoint.id);
    if (!actor) {
      actor = new EndpointActor(endpoint.id, endpoint.tenantId, limits);
      this.actors.set(endpoint.id, actor);
    }
    if (actor.limits.ratePerSecond !== limits.ratePerSecond) actor.bucket = undefined;
    actor.limits = limits;
    return actor;
  }

  private laneUp(actor: EndpointActor): void {
    let lane = this.tenants.items.get(actor.tenantId);
    if (!lane) {
      lane = new Ring();
      this.tenants.add(actor.tenantId, lane);
    }
    lane.add(actor.id, actor);
  }

  private loadOf(tenantId: string): TenantLoad {
    let load = this.loads.get(tenantId);
    if (!load) {
      load = { running: 0, queued: 0, bytes: 0 };
      this.loads.set(tenantId, load);
    }
    return load;
  }

  private finished(actor: EndpointActor, job: Job): void {
    const load = this.loadOf(actor.tenantId);
    load.running -= 1;
    load.bytes = Math.max(0, load.bytes - job.bytes);
    if (load.running === 0 && load.queued === 0) this.loads.delete(actor.tenantId);
    actor.running -= 1;
    this.running -= 1;
    this.runningBytes -= job.bytes;
    this.held -= job.bytes;
    if (actor.running === 0 && actor.mailbox.length === 0 && !this.remembersRate(actor)) {
      this.actors.delete(actor.id);
    }
    this.pump();
  }

  /** An idle actor is kept while its rate bucket is not full, so idling briefly cannot reset the limit. */
  private remembersRate(actor: EndpointActor): boolean {
    const rate = actor.limits.ratePerSecond;
    if (rate === null || actor.bucket === undefined) return false;
    return !isFull(actor.bucket, this.clock.monotonic(), rateLimits(rate));
  }

  /** Starts jobs, one turn per tenant and per endpoint, while there is room. */
  private pump(): void {
    let soonestTokenMs = Infinity;
    while (!this.isClosed && this.hasRoomToStart()) {
      const pick = this.pick();
      soonestTokenMs = Math.min(soonestTokenMs, pick.waitMs);
      if (!pick.actor) break;
      const job = pick.actor.mailbox.shift()!;
      const load = this.loadOf(pick.actor.tenantId);
      load.queued -= 1;
      load.running += 1;
      this.queued -= 1;
      pick.actor.running += 1;
      this.running += 1;
      this.runningBytes += job.bytes;
      if (pick.actor.mailbox.length === 0) this.dequeue(pick.actor);
      this.start(pick.actor, job);
    }
    if (soonestTokenMs !== Infinity) this.wakeUpIn(soonestTokenMs);
  }

  /** Starts `job`; its slot is freed once it settles (at once if, against its contract, it throws). */
  private start(actor: EndpointActor, job: Job): void {
    const done = () => this.finished(actor, job);
    try {
      job.start().then(done, done);
    } catch {
      done();
    }
  }

  private hasRoomToStart(): boolean {
    if (this.running >= this.settings.maxInFlight) return false;
    return this.running === 0 || this.runningBytes < this.settings.maxHeldBytes;
  }

  /** The next endpoint allowed to start a job, or how long until a rate token frees one. */
  private pick(): { actor: EndpointActor | null; waitMs: number } {
    let waitMs = Infinity;
    const now = this.clock.monotonic();
    const tenantMaxInFlight = this.settings.tenantMaxInFlight ?? Infinity;
    for (let t = 0; t < this.tenants.size; t++) {
      const tenantRunning = this.loads.get(this.tenants.keyAt(t))?.running ?? 0;
      if (tenantRunning >= tenantMaxInFlight) continue;
      const lane = this.tenants.at(t);
      for (let e = 0; e < lane.size; e++) {
        const actor = lane.at(e);
        if (actor.running >= actor.limits.concurrency) continue;
        const use = { tenant: tenantRunning, endpoint: actor.running };
        if (!mayTakeShare(use, tenantMaxInFlight)) continue;
        if (actor.limits.ratePerSecond !== null) {
          const taken = takeToken(actor.bucket, now, rateLimits(actor.limits.ratePerSecond));
          actor.bucket = taken.bucket;
          if (!taken.allowed) {
            waitMs = Math.min(waitMs, taken.retryAfterMs);
            continue;
          }
        }
        lane.passedAt(e);
        this.tenants.passedAt(t);
        return { actor, waitMs };
      }
    }
    return { actor: null, waitMs };
  }

  private dequeue(actor: EndpointActor): void {
    const lane = this.tenants.items.get(actor.tenantId);
    if (!lane) return;
    lane.delete(actor.id);
    if (lane.size === 0) this.tenants.delete(actor.tenantId);
  }

  private wakeUpIn(ms: number): void {
    const at = this.clock.monotonic() + ms;
    if (this.wakeUp && this.wakeUp.at <= at) return;
    this.cancelWakeUp();
    const handle = this.clock.setTimeout(() => {
      this.wakeUp = null;
      this.pump();
    }, ms);
    this.wakeUp = { handle, at };
  }

  private cancelWakeUp(): void {
    if (this.wakeUp) this.clock.clearTimeout(this.wakeUp.handle);
    this.wakeUp = null;
  }
}

/** A rate limit allows no burst: starts are spaced at least 1/rate apart. */
const rateLimits = (ratePerSecond: number) => ({ ratePerSecond, burst: 1 });

/**
 * A tenant's share of a replica limit (none: unbounded), or, while it is
 * alone in the replica, the whole limit less half a share if that is more:
 * nobody to be fair to, and room kept for the next tenant (ADR 0103, 0109).
 */
function lentWhileAlone(alone: boolean, share: number | undefined, replicaLimit: number): number {
  if (share === undefined || share === Infinity || !alone) return share ?? Infinity;
  return Math.max(share, replicaLimit - Math.ceil(share / 2));
}
