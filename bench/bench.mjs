// npm run bench: how fast banter drives an assistant, side by side with the raw HTTP limit of the
// same machine, in one run. Prints a table and writes bench/results.json. See docs/performance.md "Performance".
import autocannon from 'autocannon'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { BIN, fmt, median, medianTime, ROOT, RSS_WRAPPER, startAssistantProcess, timeCommand } from './lib.mjs'
import { benchReports } from './reports.mjs'
import { benchScale } from './scale.mjs'
import { benchValidate } from './validate.mjs'
import { soak, soakRows } from './soak.mjs'

// --quick (or BENCH_QUICK=1): fewer rounds and smaller runs, to check the rows work; its figures are not the targets'.
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1'
const FIVE_TURNS = path.join(ROOT, 'fixtures', 'bench', 'five-turns.yaml')
// BENCH_ONLY=scale,soak (sections: throughput, startup, scale, validate, memory, soak, reports) runs only
// those, to check rows while developing; results.json is then not written.
const ONLY = process.env.BENCH_ONLY?.split(',')
  .map((x) => x.trim())
  .filter(Boolean)
const runs = (section) => !ONLY || ONLY.includes(section)
const DURATION_S = QUICK ? 3 : 10
const ROUNDS = QUICK ? 1 : 5
const CONVERSATIONS = QUICK ? 1000 : 5000
const CONCURRENCIES = [16, 64]
const rows = []
const results = { machine: machine(), date: new Date().toISOString(), quick: QUICK }

function row(section, what, value, target, met) {
  const r = { section, what, value, target: target ?? '', status: met === undefined ? '' : met ? 'met' : 'MISSED' }
  rows.push(r)
  // Each row as soon as it is measured, so a run cut short still shows what it measured.
  console.error(`[bench] ${r.section} | ${r.what} | ${r.value} | ${r.target} | ${r.status}`)
}

function machine() {
  return {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  }
}

async function rawLimit(url, connections) {
  const result = await autocannon({
    url: `${url}/chat`,
    method: 'POST',
    connections,
    duration: DURATION_S,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session_id: 'bench', message: 'Where is my order 12345?' }),
  })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`autocannon saw ${result.non2xx} non-2xx and ${result.errors} errors`)
  return result.requests.average
}

async function banterThroughput(url, concurrency, out) {
  const r = await timeCommand([
    RSS_WRAPPER,
    'run',
    FIVE_TURNS,
    '--generate',
    String(CONVERSATIONS),
    '--seed',
    '1',
    '--quiet',
    '--endpoint',
    `${url}/chat`,
    '--concurrency',
    String(concurrency),
    '--reporter',
    'json,junit',
    '--out',
    out,
  ])
  if (r.code !== 0) throw new Error(`banter run exited ${r.code}: ${r.stderr.slice(0, 500)}`)
  return { turnsPerSecond: (CONVERSATIONS * 5) / (r.ms / 1000), ms: r.ms, rssMb: r.rssMb, cpuUsPerTurn: r.cpuUs / (CONVERSATIONS * 5) }
}

async function main() {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'banter-bench-'))
  const assistant = runs('throughput') ? await startAssistantProcess() : undefined
  if (assistant)
    try {
      results.throughput = {}
      for (const c of CONCURRENCIES) {
        // Raw and banter alternate, ROUNDS times each, and the medians are compared: on a shared
        // machine one pair of runs can land on either side of a noisy minute.
        const raws = []
        const banters = []
        for (let round = 0; round < ROUNDS; round++) {
          raws.push(await rawLimit(assistant.url, c))
          banters.push(await banterThroughput(assistant.url, c, path.join(tmp, `out-${c}`)))
        }
        const raw = median(raws)
        const rates = banters.map((b) => b.turnsPerSecond)
        // ROUNDS is odd, so the median is one of the runs: report that run's time and memory too.
        const banter = banters[rates.indexOf(median(rates))]
        // The median of the per-pair ratios: each banter run against the raw run just before it.
        const ratio = median(banters.map((b, i) => b.turnsPerSecond / raws[i]))
        results.throughput[c] = {
          rawRequestsPerSecond: raw,
          banterTurnsPerSecond: banter.turnsPerSecond,
          ratio,
          runMs: banter.ms,
          peakRssMb: banter.rssMb,
          cpuUsPerTurn: median(banters.map((b) => b.cpuUsPerTurn)),
          rounds: {
            raw: raws,
            banter: rates,
            ratios: banters.map((b, i) => b.turnsPerSecond / raws[i]),
            cpuUsPerTurn: banters.map((b) => b.cpuUsPerTurn),
          },
        }
        const spread = (xs) => (ROUNDS > 1 ? ` [${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}]` : '')
        row('(a) raw limit', `autocannon POST /chat, concurrency ${c}, median of ${ROUNDS}`, `${fmt(raw)} req/s${spread(raws)}`)
        const ratios = results.throughput[c].rounds.ratios.map((x) => x * 100)
        row(
          '(b) banter',
          `${fmt(CONVERSATIONS)} generated x 5 turns, concurrency ${c}, json+junit, median of ${ROUNDS} alternating pairs`,
          `${fmt(banter.turnsPerSecond)} turns/s${spread(rates)} (${fmt(ratio * 100)}% of raw${spread(ratios)})`,
          c === 16 ? '>= 50% of raw' : '',
          c === 16 ? ratio >= 0.5 : undefined,
        )
        const cpu = results.throughput[c].rounds.cpuUsPerTurn
        row(
          '(b) banter',
          `CPU per turn at concurrency ${c} (user + system, start-up and reports included), median of ${ROUNDS}`,
          `${fmt(results.throughput[c].cpuUsPerTurn)} µs${spread(cpu)}`,
        )
      }
    } finally {
      await assistant.stop()
    }

  if (runs('startup')) await startup()
  if (runs('scale')) results.scale = await benchScale(tmp, QUICK, row)
  if (runs('validate')) results.validate = await benchValidate(tmp, row)
  if (runs('memory')) results.memory = await memory(tmp)
  if (runs('soak')) {
    results.soak = await soak(tmp, QUICK ? 2000 : 20000)
    soakRows(results.soak, row)
  }
  if (runs('reports')) {
    results.reports = await benchReports(tmp, QUICK ? 2000 : 10000)
    for (const [name, r] of Object.entries(results.reports.byReporter)) {
      row(
        '(e) reports',
        `${name} for ${fmt(results.reports.conversations)} conversations`,
        `${fmt(r.ms)} ms, ${fmt(r.bytes / 1048576, 1)} MB`,
        name === 'html' ? '< 3 s, <= 20 MB' : '< 3 s',
        r.ms < 3000 && (name !== 'html' || r.bytes <= 20 * 1048576),
      )
    }
  }

  await rm(tmp, { recursive: true, force: true })
  print()
  if (!ONLY) {
    await writeFile(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ ...results, rows }, null, 2)}\n`)
    console.log('\nwrote bench/results.json')
  }
  // A missed target fails the bench (exit 1), so it can be run as a check.
  const missed = rows.filter((r) => r.status === 'MISSED')
  if (missed.length > 0) {
    console.log(
      `${missed.length} target${missed.length === 1 ? '' : 's'} MISSED: ${missed.map((r) => `${r.section} ${r.what}`).join('; ')}`,
    )
    process.exitCode = 1
  }
}

/** `banter --version` against `node -e 0`. */
async function startup() {
  const nodeBaseline = await medianTime(['-e', '0'], 10)
  const version = await medianTime([BIN, '--version'], 10)
  results.startup = { nodeMs: nodeBaseline, versionMs: version, ratio: version / nodeBaseline }
  row(
    '(c) start-up',
    '`banter --version` vs `node -e 0`',
    `${fmt(version)} ms vs ${fmt(nodeBaseline)} ms (${fmt(version / nodeBaseline, 2)}x)`,
    '<= 2.5x',
    version / nodeBaseline <= 2.5,
  )
}

/** Peak RSS of generated runs against the embedded assistant: 1,000 and 100,000 conversations. */
async function memory(tmp) {
  const sizes = QUICK ? [1000, 10000] : [1000, 100000]
  const out = {}
  for (const n of sizes) {
    const r = await timeCommand([
      RSS_WRAPPER,
      'run',
      FIVE_TURNS,
      '--generate',
      String(n),
      '--seed',
      '7',
      '--quiet',
      '--concurrency',
      '32',
      '--reporter',
      'json',
      '--out',
      path.join(tmp, `mem-out-${n}`),
    ])
    if (r.code !== 0) throw new Error(`memory run exited ${r.code}: ${r.stderr.slice(0, 300)}`)
    out[n] = { peakRssMb: r.rssMb, seconds: r.ms / 1000 }
    row(
      '(d) memory',
      `peak RSS, ${fmt(n)} generated five-turn conversations`,
      `${fmt(r.rssMb)} MB (${fmt(r.ms / 1000, 1)} s)`,
      '<= 250 MB',
      r.rssMb <= 250,
    )
  }
  const [small, large] = sizes
  const ratio = out[large].peakRssMb / out[small].peakRssMb
  row('(d) memory', `${fmt(large)} run vs ${fmt(small)} run`, `${fmt(ratio, 2)}x`, '<= 1.5x', ratio <= 1.5)
  return out
}

function print() {
  const widths = ['section', 'what', 'value', 'target', 'status'].map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)))
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ')
  console.log(
    `\nbanter benchmark — ${results.machine.cpus} x ${results.machine.cpu}, ${results.machine.memGb} GB, Node ${results.machine.node}${QUICK ? ' (quick)' : ''}\n`,
  )
  console.log(line(['section', 'what', 'value', 'target', 'status']))
  for (const r of rows) console.log(line([r.section, r.what, r.value, r.target, r.status]))
}

await main()
