/** 90000 → "90s", 1500 → "1.5s", 250 → "250ms". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 100) / 10}s`
}
