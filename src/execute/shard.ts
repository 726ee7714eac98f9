/**
 * Sharding: split one suite across N machines (a CI matrix, a Kubernetes Indexed Job) so that the
 * union of the shards is exactly the unsharded run, with no case in two shards.
 *
 * Two ways to assign a case to a shard, both keyed on the case's stable id (never on file order
 * or position, so every machine computes the same answer on its own):
 *
 * - `partitionShard(items, shard)` for a finite list: sort by (hash of id, id) and deal
 *   round-robin. Exact balance: shard sizes differ by at most one.
 * - `inShard(id, shard)` / `filterShard(stream, shard)` for a lazy stream of generated cases whose
 *   length is not known in advance: `hash(id) mod total`. Balanced in expectation only (a uniform
 *   hash gives each shard about 1/total of the cases), but needs no look-ahead and no memory.
 *
 * A run uses one of them consistently: shards of the same suite must all use the same method.
 */

/** One shard of N: `index` is 1-based (1..total). */
export interface Shard {
  index: number
  total: number
}

/** FNV-1a, 32 bits, over the UTF-8 bytes of `id`: stable across platforms and Node versions. */
export function shardHash(id: string): number {
  let hash = 0x811c9dc5
  for (const byte of Buffer.from(id, 'utf8')) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash >>> 0
}

/** Streaming predicate: is the case with this id in `shard`? (`hash(id) mod total`.) */
export function inShard(id: string, shard: Shard): boolean {
  return shardHash(id) % shard.total === shard.index - 1
}

/** Lazily keeps the cases of a (possibly endless) stream that fall in `shard`. */
export function* filterShard<T extends { id: string }>(items: Iterable<T>, shard: Shard): Generator<T> {
  for (const item of items) if (inShard(item.id, shard)) yield item
}

/**
 * The exact, balanced partition of a finite list: the items of `shard`, in their input order.
 * Sizes across shards differ by at most one.
 */
export function partitionShard<T extends { id: string }>(items: readonly T[], shard: Shard): T[] {
  const keyed = items.map((item, position) => ({ item, position, hash: shardHash(item.id) }))
  const dealt = [...keyed].sort((a, b) => a.hash - b.hash || compare(a.item.id, b.item.id) || a.position - b.position)
  const mine = new Set(dealt.filter((_, k) => k % shard.total === shard.index - 1).map((d) => d.position))
  return keyed.filter((k) => mine.has(k.position)).map((k) => k.item)
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
