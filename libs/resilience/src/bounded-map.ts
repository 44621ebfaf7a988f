/**
 * A `Map` that holds at most `capacity` entries, for per-process memory that
 * a flood of keys must not grow without limit. `set` makes its key the
 * newest; past `capacity` the oldest entry is forgotten, so callers accept
 * that a key they have not touched for a while may be gone.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly capacity: number) {
    super();
  }

  override set(key: K, value: V): this {
    this.delete(key);
    super.set(key, value);
    if (this.size > this.capacity) {
      const oldest = this.keys().next().value;
      if (oldest !== undefined) this.delete(oldest);
    }
    return this;
  }
}
