import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { mergeReports } from '../../../src/merge/merge-reports.js'
import { readReports, type LoadedReport } from '../../../src/merge/read-reports.js'
import { createMetrics } from '../../../src/metrics/measure.js'
import type { RunReport } from '../../../src/report/model.js'
import { cannedReport } from '../../helpers/canned-report.js'
import { tempDir } from '../../helpers/temp-dir.js'
import { renderMarkdown } from '../../../src/reporters/markdown.js'
import { renderHtml } from '../../../src/reporters/html/page.js'
import { renderPrometheus } from '../../../src/reporters/prometheus.js'
import { consoleReporter } from '../../../src/reporters/console.js'
import { renderJunit } from '../../../src/reporters/junit.js'
import { parsePrometheus } from '../../helpers/prometheus.js'

/** Splits the canned report's cases into `total` shard reports (case k → shard k mod total). */
function shards(total: number, edit: (r: RunReport, i: number) => void = () => {}): LoadedReport[] {
  const whole = cannedReport()
  return Array.from({ length: total }, (_, i) => {
    const report: RunReport = structuredClone({ ...whole, cases: whole.cases.filter((_, k) => k % total === i) })
    report.run.shard = { index: i + 1, total }
    const acc = createMetrics()
    report.cases.forEach((c) => acc.add(c))
    report.metrics = acc.result(report.run.durationMs)
    report.metricState = acc.state()
    report.run.startedAt = `2026-01-01T00:00:0${i}.000Z`
    report.run.finishedAt = `2026-01-01T00:00:1${i}.000Z`
    edit(report, i)
    return { file: `shard-${i + 1}.json`, report }
  })
}

function refusal(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    if (err instanceof InputError) return `${err.diagnostics[0]!.code}: ${err.diagnostics[0]!.message}`
    throw err
  }
  return 'accepted'
}

describe('mergeReports', () => {
  it('concatenates the cases in shard order and recomputes the summary', () => {
    const whole = cannedReport()
    const merged = mergeReports(shards(3).reverse())
    expect(merged.summary).toEqual(whole.summary)
    expect(merged.metrics).toEqual(whole.metrics)
    expect(merged.cases.map((c) => c.id).sort()).toEqual(whole.cases.map((c) => c.id).sort())
    expect(merged.run.shard).toBeUndefined()
    expect(merged.run.merged).toEqual({ reports: 3 })
    expect(merged.run.startedAt).toBe('2026-01-01T00:00:00.000Z')
    expect(merged.run.finishedAt).toBe('2026-01-01T00:00:12.000Z')
    // The longest shard's own duration, not first start to last end.
    expect(merged.run.durationMs).toBe(1500)
  })

  it("keeps the shards' replay flags when every shard had the same, else none", () => {
    const args = ['--config', 'ci/banter.yaml']
    expect(mergeReports(shards(3, (r) => Object.assign(r.run, { replayArgs: args }))).run.replayArgs).toEqual(args)
    const differ = shards(3, (r, i) => Object.assign(r.run, { replayArgs: ['--endpoint', `http://bot-${i}/chat`] }))
    expect(mergeReports(differ).run.replayArgs).toBeUndefined()
    expect(mergeReports(shards(2, (r, i) => Object.assign(r.run, i ? { replayArgs: args } : {}))).run.replayArgs).toBeUndefined()
  })

  it("never trusts the shards' own summaries", () => {
    const merged = mergeReports(
      shards(2, (r) => {
        r.summary.passed = 999
      }),
    )
    expect(merged.summary).toEqual(cannedReport().summary)
  })

  it('re-renders a single whole-run report as it is, but not a lone shard', () => {
    const merged = mergeReports([{ file: 'a.json', report: cannedReport() }])
    expect(merged.summary).toEqual(cannedReport().summary)
    expect(refusal(() => mergeReports([shards(2)[1]!]))).toMatch(/^MERGE_MISSING_SHARDS: missing shard 1\/2/)
  })

  it('refuses reports of different suites, seeds or shard totals', () => {
    expect(
      refusal(() =>
        mergeReports(
          shards(2, (r, i) => {
            if (i) r.run.paths = ['other']
          }),
        ),
      ),
    ).toMatch(/^MERGE_DIFFERENT_SUITE: shard-2.json: scenario paths \["other"\]/)
    expect(
      refusal(() =>
        mergeReports(
          shards(2, (r, i) => {
            Object.assign(r.run, { seed: i ? 7 : 8 })
          }),
        ),
      ),
    ).toMatch(/^MERGE_DIFFERENT_SEED: shard-2.json: seed 7 differs from shard-1.json's 8/)
    expect(
      refusal(() =>
        mergeReports(
          shards(2, (r, i) => {
            if (i) Object.assign(r.run, { seed: 7 })
          }),
        ),
      ),
    ).toMatch(/^MERGE_DIFFERENT_SEED/)
    expect(
      mergeReports(
        shards(2, (r) => {
          Object.assign(r.run, { seed: 7 })
        }),
      ).summary.conversations,
    ).toBe(cannedReport().cases.length)
    expect(
      refusal(() =>
        mergeReports(
          shards(2, (r, i) => {
            if (i) r.run.shard = { index: 2, total: 3 }
          }),
        ),
      ),
    ).toMatch(/^MERGE_SHARD_TOTAL/)
  })

  it('refuses the same shard twice, a missing shard (unless allowed) and a whole run among shards', () => {
    const two = shards(2)
    expect(refusal(() => mergeReports([two[0]!, { ...two[0]!, file: 'copy.json' }]))).toMatch(
      /^MERGE_DUPLICATE_SHARD: shard 1\/2 appears twice: shard-1.json and copy.json/,
    )
    const three = shards(3)
    expect(refusal(() => mergeReports([three[0]!, three[2]!]))).toMatch(/^MERGE_MISSING_SHARDS: missing shard 2\/3/)
    expect(mergeReports([three[0]!, three[2]!], { allowMissing: true }).run.merged).toEqual({ reports: 2 })
    expect(refusal(() => mergeReports([two[0]!, { file: 'whole.json', report: cannedReport() }]))).toMatch(/^MERGE_NOT_A_SHARD: whole.json/)
  })

  it('refuses a case that is in two shards', () => {
    const two = shards(2, (r, i) => {
      if (i) r.cases.push(structuredClone(cannedReport().cases[0]!))
    })
    expect(refusal(() => mergeReports(two))).toMatch(/^MERGE_DUPLICATE_CASE: case "Passes" appears in both shard-1.json and shard-2.json/)
  })
})

describe('mergeReports: run time, throughput and time to first token', () => {
  it("duration is the longest shard's own run time, never the gap between shards; messages/s is all answered turns over it", () => {
    const two = shards(2, (r, i) => {
      // Shard 2 ran a day after shard 1 (a queued CI job); each took a fraction of a second.
      r.run.startedAt = i ? '2026-01-02T09:00:00.000Z' : '2026-01-01T09:00:00.000Z'
      r.run.durationMs = i ? 200 : 250
      r.run.finishedAt = new Date(Date.parse(r.run.startedAt) + r.run.durationMs).toISOString()
    })
    const merged = mergeReports(two)
    expect(merged.run.durationMs).toBe(250)
    expect(merged.run.startedAt).toBe('2026-01-01T09:00:00.000Z')
    expect(merged.run.finishedAt).toBe('2026-01-02T09:00:00.200Z')
    const answered = merged.metricState!.parts.rates.answered
    expect(answered).toBeGreaterThan(0)
    expect(merged.metrics!.messages_per_second).toBe(Math.round((answered / 0.25) * 100) / 100)
  })

  it('merges time to first token exactly; null when no shard streamed', () => {
    const streamed = cannedReport()
    const ttfts = [30.5, 12.25, 99.001, 45]
    let k = 0
    for (const c of streamed.cases) for (const t of c.turns) if (t.reply) t.ttftMs = ttfts[k++ % ttfts.length]
    const split = (whole: RunReport, total: number) =>
      Array.from({ length: total }, (_, i): LoadedReport => {
        const acc = createMetrics()
        const mine = whole.cases.filter((_, n) => n % total === i)
        mine.forEach((c) => acc.add(c))
        return {
          file: `s${i}.json`,
          report: {
            ...structuredClone(whole),
            cases: mine,
            run: { ...whole.run, shard: { index: i + 1, total } },
            metrics: acc.result(1500),
            metricState: acc.state(),
          },
        }
      })
    const one = createMetrics()
    streamed.cases.forEach((c) => one.add(c))
    const merged = mergeReports(split(streamed, 3))
    expect(merged.metrics!.time_to_first_token).toEqual(one.result(1500).time_to_first_token)
    expect(merged.metrics!.time_to_first_token!.p95).toBe(99.001)
    expect(mergeReports(split(cannedReport(), 2)).metrics!.time_to_first_token).toEqual({ p50: null, p95: null, p99: null, mean: null })
  })

  it("uses the shards' definitions and thresholds, and refuses shards that differ", () => {
    const defs = { fallback_intents: ['greeting'], fallback_actions: [], escalation_actions: [] }
    const custom = shards(2, (r) => {
      // Each shard's state is computed with the config's names, as a run does.
      const acc = createMetrics({ fallbackIntents: ['greeting'], fallbackActions: [], escalationActions: [] })
      r.cases.forEach((c) => acc.add(c))
      r.metricState = acc.state()
      r.thresholds = [{ name: 'fallbacks', metric: 'fallback_rate', op: '>', limit: 0.05 }]
    })
    const merged = mergeReports(custom)
    expect(merged.metricState!.definitions).toEqual(defs)
    // canned turns answer intent "greeting": all fallbacks under these definitions
    expect(merged.alerts!.map((a) => a.name)).toEqual(['fallbacks'])
    const otherDefs = shards(2, (r, i) => {
      if (i) r.metricState!.definitions.escalation_actions = ['handoff']
    })
    expect(refusal(() => mergeReports(otherDefs))).toMatch(
      /^MERGE_DIFFERENT_METRICS: shard-2.json: metricState.definitions.escalation_actions \["handoff"\] differs from shard-1.json's \["escalate_to_human"\]/,
    )
    const otherLimits = shards(2, (r, i) => {
      r.thresholds = [{ name: 'fallbacks', metric: 'fallback_rate', op: '>', limit: i ? 0.1 : 0.05 }]
    })
    expect(refusal(() => mergeReports(otherLimits))).toMatch(
      /^MERGE_DIFFERENT_THRESHOLDS: shard-2.json: thresholds "fallbacks" is "fallback_rate > 0.1", but in shard-1.json "fallback_rate > 0.05"/,
    )
    const dropped = shards(2, (r, i) => {
      r.thresholds = i ? [] : [{ name: 'fallbacks', metric: 'fallback_rate', op: '>', limit: 0.05 }]
    })
    expect(refusal(() => mergeReports(dropped))).toMatch(
      /thresholds "fallbacks" is not in force, but in shard-1.json "fallback_rate > 0.05"/,
    )
  })
})

describe("mergeReports: the runner's load and warnings", () => {
  const load = (lag: number, cpu: number, saturated: boolean) => ({
    event_loop_lag_p99_ms: lag,
    event_loop_lag_max_ms: lag * 2,
    event_loop_utilization: cpu / 100,
    cpu_percent: cpu,
    saturated,
  })
  const saturatedWarning = {
    code: 'RUNNER_SATURATED' as const,
    message: "latencies include banter's own queueing; lower --concurrency or shard",
  }

  it('keeps the worst lag, the highest CPU, and saturated when any shard was', () => {
    const loads = [load(12, 40, false), load(310, 95, true), load(30, 60, false)]
    const merged = mergeReports(
      shards(3, (r, i) => {
        r.metrics!.runner = loads[i]
      }),
    )
    expect(merged.metrics!.runner).toEqual({
      event_loop_lag_p99_ms: 310,
      event_loop_lag_max_ms: 620,
      event_loop_utilization: 0.95,
      cpu_percent: 95,
      saturated: true,
      shards: 3,
    })
    const calm = mergeReports(
      shards(2, (r, i) => {
        r.metrics!.runner = loads[i * 2]
      }),
    )
    expect(calm.metrics!.runner).toEqual({
      event_loop_lag_p99_ms: 30,
      event_loop_lag_max_ms: 60,
      event_loop_utilization: 0.6,
      cpu_percent: 60,
      saturated: false,
      shards: 2,
    })
    // Reports from before the runner was measured: no runner in the merge either.
    expect(mergeReports(shards(2)).metrics!.runner).toBeUndefined()
  })

  it('says over how many shards its runner figures are the worst, and never states a shard figure as a whole run', () => {
    // One shard from before the runner was measured: the figures are the other shard's, of 1.
    const partial = mergeReports(
      shards(2, (r, i) => {
        if (i === 1) r.metrics!.runner = load(40, 70, false)
      }),
    )
    expect(partial.run.merged).toEqual({ reports: 2 })
    expect(partial.metrics!.runner).toMatchObject({ event_loop_lag_p99_ms: 40, shards: 1 })
    // A whole-run report merged alone keeps its own figures: they are the run's.
    const whole = cannedReport()
    whole.metrics!.runner = { ...load(12, 40, false), queueing_mean_ms: 1, queueing_p99_ms: 4 }
    expect(mergeReports([{ file: 'whole.json', report: whole }]).metrics!.runner).toEqual(whole.metrics!.runner)
  })

  it('keeps the highest queueing estimates among the shards that have them', () => {
    const queued = [
      { ...load(12, 40, false), queueing_mean_ms: 0.4, queueing_p99_ms: 9 },
      load(310, 95, true),
      { ...load(30, 60, false), queueing_mean_ms: 2.5, queueing_p99_ms: 6 },
    ]
    const merged = mergeReports(
      shards(3, (r, i) => {
        r.metrics!.runner = queued[i]
      }),
    )
    expect(merged.metrics!.runner).toMatchObject({ queueing_mean_ms: 2.5, queueing_p99_ms: 9, saturated: true })
    // Shards from before queueing was estimated: the merge states none rather than a zero.
    const older = mergeReports(
      shards(2, (r, i) => {
        r.metrics!.runner = load(10 * (i + 1), 50, false)
      }),
    )
    expect(older.metrics!.runner).not.toHaveProperty('queueing_mean_ms')
    expect(older.metrics!.runner).not.toHaveProperty('queueing_p99_ms')
  })

  it('checks thresholds on runner metrics against the worst shard', () => {
    const merged = mergeReports(
      shards(2, (r, i) => {
        r.metrics!.runner = load(i ? 80 : 5, 50, false)
        r.thresholds = [{ name: 'laggy', metric: 'runner_event_loop_lag_p99_ms', op: '>', limit: 50 }]
      }),
    )
    expect(merged.alerts!.map((a) => [a.name, a.value])).toEqual([['laggy', 80]])
  })

  it('checks thresholds on queueing and saturation against the worst shard', () => {
    const thresholds = [
      { name: 'queued', metric: 'runner_queueing_p99_ms', op: '>', limit: 100 },
      { name: 'queued_mean', metric: 'runner_queueing_mean_ms', op: '>', limit: 50 },
      { name: 'saturated', metric: 'runner_saturated', op: '==', limit: 1 },
    ] as const
    const queued = (p99: number, saturated: boolean) => ({ ...load(10, 50, saturated), queueing_mean_ms: p99 / 4, queueing_p99_ms: p99 })
    const merged = mergeReports(
      shards(3, (r, i) => {
        r.metrics!.runner = [queued(20, false), queued(180, true), queued(60, false)][i]
        r.thresholds = [...thresholds]
      }),
    )
    expect(merged.alerts!.map((a) => [a.name, a.value])).toEqual([
      ['queued', 180],
      ['saturated', 1],
    ])
    const calm = mergeReports(
      shards(2, (r, i) => {
        r.metrics!.runner = [queued(20, false), queued(60, false)][i]
        r.thresholds = [...thresholds]
      }),
    )
    expect(calm.alerts).toEqual([])
    // Shards from before queueing was estimated: the metric is null and never alerts.
    const older = mergeReports(
      shards(2, (r) => {
        r.metrics!.runner = load(10, 50, false)
        r.thresholds = [...thresholds]
      }),
    )
    expect(older.alerts).toEqual([])
  })

  it("keeps every shard's warnings with its shard index, in shard order", () => {
    const missed = { code: 'ARRIVAL_RATE_MISSED' as const, message: 'achieved 40/s of the target 50/s' }
    const merged = mergeReports(
      shards(3, (r, i) => {
        r.warnings = [[saturatedWarning], [], [saturatedWarning, missed]][i]
      }).reverse(),
    )
    expect(merged.warnings).toEqual([
      { ...saturatedWarning, shard: 1 },
      { ...saturatedWarning, shard: 3 },
      { ...missed, shard: 3 },
    ])
    expect(Object.keys(merged).slice(0, 4)).toEqual(['version', 'tool', 'run', 'warnings'])
    expect(mergeReports(shards(2)).warnings).toBeUndefined()
    // A whole-run report merged alone keeps its warnings as they are.
    expect(mergeReports([{ file: 'a.json', report: { ...cannedReport(), warnings: [saturatedWarning] } }]).warnings).toEqual([
      saturatedWarning,
    ])
  })

  it('a merged report passes the report schema and its reporters name the shard', async () => {
    const merged = mergeReports(
      shards(2, (r, i) => {
        r.warnings = i ? [saturatedWarning] : []
      }),
    )
    const file = path.join(await tempDir('banter-merge-warnings-'), 'merged.json')
    await writeFile(file, JSON.stringify(merged))
    const [reread] = await readReports([file], process.cwd())
    expect(reread!.report.warnings).toEqual([{ ...saturatedWarning, shard: 2 }])
    expect(renderMarkdown(merged)).toContain('(RUNNER_SATURATED, shard 2)')
    expect(renderHtml(merged)).toContain(
      '<strong>RUNNER_SATURATED</strong>: latencies include banter&#39;s own queueing; lower --concurrency or shard (shard 2)</li>',
    )
    const twice = mergeReports(shards(2, () => {}).map((l) => ({ ...l, report: { ...l.report, warnings: [saturatedWarning] } })))
    // Prometheus: one series per code, however many shards raised it.
    expect(renderPrometheus(twice).match(/^banter_warning\{/gm)).toHaveLength(1)
  })

  it("a merged report with runner figures passes the schema, and every reporter says they are the worst shard's", async () => {
    const merged = mergeReports(
      shards(2, (r, i) => {
        r.metrics!.runner = { ...load(i ? 150 : 10, 90, i === 1), queueing_mean_ms: i ? 40 : 1, queueing_p99_ms: i ? 170 : 3 }
        r.warnings = i ? [saturatedWarning] : []
        r.thresholds = [{ name: 'queued', metric: 'runner_queueing_p99_ms', op: '>', limit: 100 }]
      }),
    )
    const file = path.join(await tempDir('banter-merge-runner-'), 'merged.json')
    await writeFile(file, JSON.stringify(merged))
    const [reread] = await readReports([file], process.cwd())
    expect(reread!.report.metrics!.runner).toMatchObject({ queueing_p99_ms: 170, saturated: true, shards: 2 })
    const worst = "banter's own queueing: mean 40.0 ms, p99 170.0 ms (event-loop lag p99 150.0 ms, CPU 90%; each the worst of 2 shards)"
    expect(consoleReporter.create({ color: false }).onRunEnd(merged)).toContain(worst)
    expect(renderMarkdown(merged)).toContain('The runner_* figures are each the worst of 2 shards')
    expect(renderMarkdown(merged)).toContain('| runner_queueing_p99_ms | 170.0 ms |')
    expect(renderHtml(merged)).toContain(`data-testid="runner-figures">${worst.replace("'", '&#39;')}</p>`)
    const junit = renderJunit(merged)
    expect(junit).toContain('<property name="runner_queueing_p99_ms" value="170"/>')
    expect(junit).toContain('<property name="runner_shards" value="2"/>')
    expect(junit).toContain('<failure message="queued: runner_queueing_p99_ms = 170 (alert when &gt; 100)" type="ALERT">')
    const families = parsePrometheus(renderPrometheus(merged))
    expect(families.value('banter_runner_shards', { suite: 'scenarios' })).toBe(2)
    expect(families.value('banter_runner_queueing_p99_ms', { suite: 'scenarios' })).toBe(170)
    // A run that was not merged has no shard count anywhere.
    const single = shards(1)[0]!.report
    single.metrics!.runner = load(10, 20, false)
    single.thresholds = [{ name: 'laggy', metric: 'runner_event_loop_lag_p99_ms', op: '>', limit: 50 }]
    expect(parsePrometheus(renderPrometheus(single)).has('banter_runner_shards')).toBe(false)
    expect(renderJunit(single)).not.toContain('runner_shards')
    expect(renderMarkdown(single)).not.toContain('worst of')
  })
})

describe('readReports', () => {
  it('names the file for unreadable, non-JSON, foreign and wrong-version input', async () => {
    const dir = await tempDir('banter-merge-')
    const put = async (name: string, text: string) => {
      await writeFile(path.join(dir, name), text)
      return name
    }
    const read = (name: string) =>
      readReports([name], dir).then(
        () => 'accepted',
        (err: InputError) => `${err.diagnostics[0]!.code}: ${err.diagnostics[0]!.message}`,
      )
    expect(await read('nope.json')).toMatch(/^REPORT_UNREADABLE: nope.json: cannot read report \(ENOENT\)/)
    expect(await read(await put('bad.json', '{"version":'))).toMatch(/^REPORT_INVALID_JSON: bad.json/)
    expect(await read(await put('other.json', '{"tool":{"name":"jest"}}'))).toMatch(/^REPORT_NOT_BANTER: other.json/)
    expect(await read(await put('v2.json', JSON.stringify({ ...cannedReport(), version: 2 })))).toMatch(
      /^REPORT_VERSION: v2.json: report version 2 is not supported/,
    )
    expect(await read(await put('nocases.json', JSON.stringify({ ...cannedReport(), cases: [{ id: 1 }] })))).toMatch(
      /^REPORT_INVALID: nocases.json: not a valid banter report: cases\[0\]: missing name, file, loc, tags, status, sessionId, startedAt, durationMs, turns; cases\[0\].id: expected string, got number 1/,
    )
    expect(await read(await put('ok.json', JSON.stringify(cannedReport())))).toBe('accepted')
  })
})
