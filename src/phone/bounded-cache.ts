/**
 * A per-instance map with an age limit and a size bound: live phone sessions last minutes, so entries older
 * than `ttlMs` are stale, and past `max` entries the oldest tenth is dropped (Maps iterate in insertion
 * order), which bounds memory whatever the traffic.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string, now: number): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (now - hit.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.value;
  }

  set(key: string, value: V, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: now });
    if (this.entries.size > this.max) {
      let drop = Math.max(1, Math.floor(this.max / 10));
      for (const k of this.entries.keys()) {
        if (drop-- <= 0) break;
        this.entries.delete(k);
      }
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
