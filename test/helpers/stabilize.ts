/**
 * Blanks what changes from run to run (timestamps, durations, latencies, ports, throughput) so
 * reports can be snapshotted. Works on JSON-ish text and on rendered reports alike.
 */
export function stabilize(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?/g, '<time>')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
    .replace(/\b\d+(\.\d+)? ?(ms|s)\b/g, '<dur>')
    .replace(/"(durationMs|latencyMs)": [\d.]+/g, '"$1": 0')
    .replace(/(time|timestamp)="[^"]*"/g, '$1="<t>"')
}
