/** The typed arrays a window's records may live in. */
export type RecordArray = Uint32Array<ArrayBuffer> | Float64Array<ArrayBuffer>;

/**
 * Fixed-width records `[minute, field1 … fieldK]` in one typed array, sorted
 * by minute ascending: the storage of one part of an endpoint's window. A
 * minute is an index since the epoch (`floor(ms / 60 000)`); the span is the
 * current minute and the `spanMinutes - 1` before it, later minutes (clock
 * skew) kept.
 *
 * Invariants: records `0 … size - 1` hold distinct minutes in ascending
 * order; a minute that has left the span is never inserted. The array starts
 * with room for one record (small enough to live in the JS heap, without a
 * separate allocation) and doubles when full, never past `spanMinutes + 2`
 * records unless minutes later than the current one need more. A full array
 * whose oldest record left the span drops the records that left instead of
 * growing, so memory follows the records in the span without anyone calling
 * `prune`; `prune` also gives room back when three quarters of it are unused.
 */
export class MinuteRecords<A extends RecordArray> {
  private records: A;
  private used = 0;

  constructor(
    private readonly make: new (length: number) => A,
    /** Cells per record: the minute and its fields. */
    readonly width: number,
    private readonly spanMinutes: number,
  ) {
    this.records = new make(width);
  }

  /** The cells: record `i`'s minute at `i * width`, its fields after it. Moves on `slot` and `prune`. */
  get data(): A {
    return this.records;
  }

  /** Offset just past the newest record. */
  get end(): number {
    return this.used * this.width;
  }

  get size(): number {
    return this.used;
  }

  inSpan(minute: number, current: number): boolean {
    return minute > current - this.spanMinutes;
  }

  /** Offset of the oldest record in the span (`end` when none is). */
  start(current: number): number {
    return this.search(this.first(current)) * this.width;
  }

  /**
   * Offset of the record of `minute`, inserted with zero fields if absent;
   * -1 for a minute that left the span (nothing is stored). Read `data` after
   * calling: an insert may have moved or replaced the array.
   */
  slot(minute: number, current: number): number {
    if (!this.inSpan(minute, current)) return -1;
    const width = this.width;
    const last = (this.used - 1) * width;
    if (this.used > 0 && this.records[last] === minute) return last;
    let index = this.used > 0 && this.records[last]! > minute ? this.search(minute) : this.used;
    if (index < this.used && this.records[index * width] === minute) return index * width;
    if (this.end === this.records.length) {
      if (this.inSpan(this.records[0]!, current)) this.grow();
      else index -= this.dropLeft(current);
    }
    const at = index * width;
    if (index < this.used) this.records.copyWithin(at + width, at, this.end);
    this.records.fill(0, at + 1, at + width);
    this.records[at] = minute;
    this.used += 1;
    return at;
  }

  /** Drops the records that left the span, shrinking a mostly empty array; the records left. */
  prune(current: number): number {
    this.dropLeft(current);
    const room = this.records.length / this.width;
    if (room > 1 && this.used * 4 <= room) {
      this.records = this.records.slice(0, Math.max(1, this.used * 2) * this.width) as A;
    }
    return this.used;
  }

  /** Drops the records that left the span; how many were dropped. */
  private dropLeft(current: number): number {
    const gone = this.search(this.first(current));
    if (gone > 0) {
      this.records.copyWithin(0, gone * this.width, this.end);
      this.used -= gone;
    }
    return gone;
  }

  /** The oldest minute in the span. */
  private first(current: number): number {
    return current - this.spanMinutes + 1;
  }

  /** Index of the first record whose minute is `minute` or later (`size` when none is). */
  private search(minute: number): number {
    let low = 0;
    let high = this.used;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.records[mid * this.width]! < minute) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private grow(): void {
    const room = this.records.length / this.width;
    const next = new this.make(
      Math.max(room + 1, Math.min(room * 2, this.spanMinutes + 2)) * this.width,
    );
    next.set(this.records);
    this.records = next;
  }
}
