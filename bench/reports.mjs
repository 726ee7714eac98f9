// (e) of the benchmark: time and size of each file reporter for a large synthetic run.
import { stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { REPORTERS } from '../dist/reporters/registry.js'
import { summarize } from '../dist/metrics/summary.js'

function syntheticReport(conversations) {
  const loc = { file: 'scenarios/bench.yaml', line: 3, col: 7 }
  const cases = []
  for (let i = 0; i < conversations; i++) {
    const failed = i % 20 === 0
    const turns = Array.from({ length: 5 }, (_, t) => ({
      index: t,
      user: `Where is my order ${10000 + i}? (turn ${t + 1})`,
      status: failed && t === 4 ? 'failed' : 'passed',
      latencyMs: 3 + (i % 50),
      reply: {
        text: `I found order ${10000 + i}. Its status is shipped: it is on its way.`,
        intent: 'order_status',
        confidence: 0.95,
        entities: [{ type: 'order_id', value: String(10000 + i) }],
        action: 'retrieve_order',
      },
      verdicts: [
        {
          check: 'intent',
          pass: !(failed && t === 4),
          code: failed && t === 4 ? 'INTENT_MISMATCH' : 'INTENT_OK',
          expected: 'order_status',
          actual: failed && t === 4 ? 'order_help' : 'order_status',
          loc,
        },
      ],
      loc,
      retries: 0,
    }))
    cases.push({
      id: `Conversation ${i}`,
      name: `Conversation ${i}`,
      file: `scenarios/bench-${i % 10}.yaml`,
      loc,
      tags: ['bench'],
      status: failed ? 'failed' : 'passed',
      sessionId: `s-${i}`,
      startedAt: new Date(0).toISOString(),
      durationMs: 20,
      turns,
    })
  }
  return {
    version: 1,
    tool: { name: 'banter', version: 'bench' },
    run: {
      startedAt: new Date(0).toISOString(),
      finishedAt: new Date(1000).toISOString(),
      durationMs: 1000,
      endpoint: 'http://127.0.0.1/chat',
      concurrency: 64,
      paths: ['scenarios'],
    },
    summary: summarize(cases),
    cases,
  }
}

export async function benchReports(dir, conversations) {
  const report = syntheticReport(conversations)
  const byReporter = {}
  for (const [name, factory] of Object.entries(REPORTERS)) {
    if (!factory.file) continue
    const file = path.join(dir, factory.file)
    const started = process.hrtime.bigint()
    await writeFile(file, factory.create({ color: false }).onRunEnd(report))
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    byReporter[name] = { ms, bytes: (await stat(file)).size }
  }
  return { conversations, byReporter }
}
