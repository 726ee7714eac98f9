// The floor under banter's latency-bound rows: the same conversations sent by a bare loop over
// undici (the HTTP client banter uses), with nothing else: no templates, no checks, no reports.
// Usage: node bench/undici-floor.mjs URL CONVERSATIONS TURNS CONCURRENCY; prints one JSON line
// {wallMs, p50, cpuUsPerRequest}. Its wall time is the best any undici-based runner can do on
// this machine against this assistant.
import { performance } from 'node:perf_hooks'
import { Agent, request } from 'undici'

const [url, conversations, turns, concurrency] = [process.argv[2], ...process.argv.slice(3, 6).map(Number)]
const agent = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 })
const latencies = []
let next = 0

async function worker() {
  while (next < conversations) {
    const session = `floor-${next++}`
    for (let turn = 0; turn < turns; turn++) {
      const started = performance.now()
      const response = await request(url, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ session_id: session, message: 'Where is my order?' }),
      })
      await response.body.json()
      if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`)
      latencies.push(performance.now() - started)
    }
  }
}

const started = performance.now()
const cpu = process.cpuUsage()
await Promise.all(Array.from({ length: concurrency }, worker))
const wallMs = performance.now() - started
const used = process.cpuUsage(cpu)
latencies.sort((a, b) => a - b)
await agent.close()
console.log(
  JSON.stringify({
    wallMs,
    p50: latencies[Math.floor(latencies.length / 2)],
    cpuUsPerRequest: (used.user + used.system) / latencies.length,
  }),
)
