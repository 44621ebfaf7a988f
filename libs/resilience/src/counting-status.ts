import CircuitBreaker from 'opossum';

/** The part of opossum's `Status` class a subclass uses (its declarations stop at the interface). */
interface OpossumStatus extends CircuitBreaker.Status {
  rotateBucket: () => void;
  increment(property: string, latencyRunTime?: number): void;
  startListeneningForRotateEvent(): void;
  removeRotateBucketControllerListener(): void;
  shutdown(): void;
}
type StatusClass = new (options: CircuitBreaker.StatusOptions) => OpossumStatus;

/** What opossum's rotateBucketController must offer (an EventEmitter's subset). */
export interface RotateController {
  on(event: string, rotate: () => void): unknown;
  removeListener(event: string, rotate: () => void): unknown;
  listenerCount(event: string, rotate?: () => void): number;
}

/**
 * opossum's `Status` class: its module exports only the breaker, but
 * `newStatus` makes a status, whose constructor is the class (this one is
 * thrown away: no timer, it never subscribes to anything).
 */
function opossumStatusClass(): StatusClass {
  const inert: RotateController = {
    on: () => inert,
    removeListener: () => inert,
    listenerCount: () => 1,
  };
  const probe = CircuitBreaker.newStatus({
    rollingCountBuckets: 1,
    enableSnapshots: false,
    rotateBucketController: inert as never,
  });
  return probe.constructor as StatusClass;
}

const Status = opossumStatusClass();

/** Counters every breaker of ours may make; the others are kept only if they ever happen. */
const COMMON = ['fires', 'successes', 'failures', 'rejects'] as const;
type Counter =
  | (typeof COMMON)[number]
  | 'fallbacks'
  | 'timeouts'
  | 'cacheHits'
  | 'cacheMisses'
  | 'coalesceCacheHits'
  | 'coalesceCacheMisses'
  | 'semaphoreRejections';
const COMMON_INDEX = new Map<string, number>(COMMON.map((name, i) => [name, i]));
const PERCENTILES = [0.0, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 1];

/**
 * An opossum status (the rolling window a breaker decides on) that keeps its
 * buckets as counts in one array instead of an object per bucket: opossum's
 * window of ten buckets is ~2.9 KB per breaker, most of it empty counters,
 * percentile slots and latency samples nothing reads. The window turns with
 * `controller` (`WindowClock`) and holds the same counts as opossum's: a
 * count lands in the newest bucket and leaves after `buckets` turns; `stats`
 * sums them. Latency samples and percentiles are not kept (as with
 * `rollingPercentilesEnabled: false`, which still kept the samples).
 */
export class CountingStatus extends Status {
  /** `COMMON.length` counts per bucket, the newest bucket at `head`; null until the first count. */
  private counts: number[] | null = null;
  /** Per rare counter, one count per bucket; null until one happens. */
  private rare: Map<Counter, number[]> | null = null;
  private head = 0;

  constructor(
    private readonly buckets: number,
    controller: RotateController,
  ) {
    // opossum's own window of one bucket (its constructor fills it), never used.
    super({
      rollingCountBuckets: 1,
      enableSnapshots: false,
      rollingPercentilesEnabled: false,
      rotateBucketController: controller as never,
    });
    // The constructor subscribed opossum's rotation; ours replaces it.
    this.removeRotateBucketControllerListener();
    this.rotateBucket = () => this.turn();
    this.startListeneningForRotateEvent();
  }

  override increment(property: string): void {
    const common = COMMON_INDEX.get(property);
    if (common !== undefined) {
      this.counts ??= new Array<number>(this.buckets * COMMON.length).fill(0);
      this.counts[this.head * COMMON.length + common]! += 1;
      return;
    }
    this.rare ??= new Map();
    let counts = this.rare.get(property as Counter);
    if (!counts)
      this.rare.set(property as Counter, (counts = new Array<number>(this.buckets).fill(0)));
    counts[this.head]! += 1;
  }

  /**
   * Adds counts made before this window existed, newest bucket first (at
   * most one per bucket; older ones have left the window).
   */
  seed(property: (typeof COMMON)[number], byAge: readonly number[]): void {
    const common = COMMON_INDEX.get(property)!;
    const counts = (this.counts ??= new Array<number>(this.buckets * COMMON.length).fill(0));
    byAge.slice(0, this.buckets).forEach((count, age) => {
      counts[((this.head + age) % this.buckets) * COMMON.length + common]! += count;
    });
  }

  override get stats(): CircuitBreaker.Stats {
    const totals = this.bucketWith(() => true);
    totals.latencyMean = -1;
    for (const p of PERCENTILES) totals.percentiles[p] = -1;
    return totals;
  }

  /** Newest bucket first, as opossum's. */
  override get window(): CircuitBreaker.Window {
    return Array.from({ length: this.buckets }, (_, age) => {
      const index = (this.head + age) % this.buckets;
      return this.bucketWith((bucket) => bucket === index);
    });
  }

  private bucketWith(includes: (bucket: number) => boolean): CircuitBreaker.Stats {
    const sums: Record<Counter, number> = {
      fires: 0,
      successes: 0,
      failures: 0,
      rejects: 0,
      fallbacks: 0,
      timeouts: 0,
      cacheHits: 0,
      cacheMisses: 0,
      coalesceCacheHits: 0,
      coalesceCacheMisses: 0,
      semaphoreRejections: 0,
    };
    for (let bucket = 0; bucket < this.buckets; bucket++) {
      if (!includes(bucket)) continue;
      if (this.counts) {
        COMMON.forEach((name, i) => (sums[name] += this.counts![bucket * COMMON.length + i]!));
      }
      for (const [name, counts] of this.rare ?? []) sums[name] += counts[bucket]!;
    }
    return { ...sums, percentiles: {}, latencyTimes: [], latencyMean: 0 };
  }

  /** Drops the oldest bucket; it becomes the newest, empty. */
  private turn(): void {
    this.head = (this.head + this.buckets - 1) % this.buckets;
    if (this.counts) {
      const from = this.head * COMMON.length;
      this.counts.fill(0, from, from + COMMON.length);
    }
    for (const counts of this.rare?.values() ?? []) counts[this.head] = 0;
  }
}
