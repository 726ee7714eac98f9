import v8 from 'node:v8'

/** Runs this large (generated: nightly fuzz runs; scenario suites of this many conversations): bounded memory matters more than speed. */
export const LARGE_GENERATED_RUN = 10_000

/**
 * Makes V8 collect garbage eagerly. A long run allocates fast and V8 otherwise lets the heap grow
 * well past what is live (measured: peak RSS 255 MB vs 138 MB for 10,000 generated
 * conversations, for about a quarter more run time). See docs/performance.md "Performance".
 */
export function preferMemoryOverSpeed(): void {
  v8.setFlagsFromString('--optimize-for-size')
}
