import v8 from 'node:v8'

/** Runs this large (generated: nightly fuzz runs; scenario suites of this many conversations): bounded memory matters more than speed. */
export const LARGE_GENERATED_RUN = 10_000

/**
 * Makes V8 favour memory over speed everywhere, young generation included: for loading a suite
 * of 10,000+ files, which allocates the most while parsing (10,000 three-turn files: 161 MB peak
 * RSS against 182 MB with boundHeapGrowth alone). It costs about a third more load time. See
 * docs/performance.md "Performance".
 */
export function preferMemoryOverSpeed(): void {
  v8.setFlagsFromString('--optimize-for-size')
}

/**
 * Lets the old generation grow by at most a fifth past what the last full collection kept, for
 * long runs: they allocate fast, and V8 otherwise lets the heap grow well past what is live.
 * Unlike --optimize-for-size it leaves the young generation its size, so the replies in flight at
 * -j 1000 die young instead of being copied and promoted. Measured on one machine: 10,000 one-turn
 * conversations at -j 1000 took 0.85x the CPU of --optimize-for-size for the same peak RSS (about
 * 160 MB); 10,000 generated five-turn conversations at -j 32 peak at 143 MB (146 MB with
 * --optimize-for-size), 100,000 at 152 MB.
 */
export function boundHeapGrowth(): void {
  v8.setFlagsFromString('--heap-growing-percent=20')
}
