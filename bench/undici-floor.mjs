// The floor under banter's latency-bound rows: the same conversations sent by a bare loop over
// undici's dispatch API (the HTTP client and API banter uses), each worker on a keep-alive
// connection of its own (no pool to search), with nothing else: no templates, no checks, no
// reports. Usage: node bench/undici-floor.mjs URL CONVERSATIONS TURNS CONCURRENCY;
// prints one JSON line {wallMs, p50, cpuUsPerRequest}. Its wall time is the best an undici-based
// runner can do on this machine against this assistant.
import { Buffer } from 'node:buffer'
import { performance } from 'node:perf_hooks'
import { Client } from 'undici'

const [url, conversations, turns, concurrency] = [process.argv[2], ...process.argv.slice(3, 6).map(Number)]
const { origin, pathname } = new URL(url)
const headers = { 'content-type': 'application/json' }
const latencies = []
let next = 0

/** One POST on `client`; resolves with the parsed JSON reply. */
function post(client, body) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let status = 0
    client.dispatch(
      { origin, path: pathname, method: 'POST', headers, body },
      {
        onRequestStart() {},
        onResponseStart(_c, statusCode) {
          status = statusCode
        },
        onResponseData(_c, chunk) {
          chunks.push(chunk)
        },
        onResponseEnd() {
          if (status !== 200) reject(new Error(`status ${status}`))
          else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
        },
        onResponseError(_c, err) {
          reject(err)
        },
      },
    )
  })
}

const clients = []

async function worker() {
  const client = new Client(origin, { keepAliveTimeout: 10_000 })
  clients.push(client)
  while (next < conversations) {
    const session = `floor-${next++}`
    for (let turn = 0; turn < turns; turn++) {
      const started = performance.now()
      await post(client, JSON.stringify({ session_id: session, message: 'Where is my order?' }))
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
await Promise.all(clients.map((c) => c.close()))
console.log(
  JSON.stringify({
    wallMs,
    p50: latencies[Math.floor(latencies.length / 2)],
    cpuUsPerRequest: (used.user + used.system) / latencies.length,
  }),
)
