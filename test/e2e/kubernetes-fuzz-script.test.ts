import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { startAssistant, type RunningAssistant } from '../../src/assistant/server.js'
import type { RunReport } from '../../src/report/model.js'
import { BIN, spawnCli } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp-dir.js'

/**
 * Runs the nightly fuzz CronJob's container script as the four pods of its Indexed Job would,
 * one after another, with the image paths mapped to this checkout: the last shard merges.
 */
const cron = parse(readFileSync('deploy/kubernetes/fuzz-cronjob.yaml', 'utf8'))
const container = cron.spec.jobTemplate.spec.template.spec.containers[0]
const total = cron.spec.jobTemplate.spec.completions as number

let assistant: RunningAssistant
let reports: string
beforeAll(async () => {
  assistant = await startAssistant({ port: 0, host: '127.0.0.1' })
  reports = await tempDir('banter-k8s-')
})
afterAll(async () => {
  await assistant?.close()
})

function pod(index: number): Promise<{ code: number; output: string }> {
  const script = (container.args[0] as string)
    .replaceAll('node /app/bin/banter.js', `"${process.execPath}" "${BIN}"`)
    .replaceAll('/reports/', `${reports}/`)
  const env = {
    JOB_NAME: 'banter-fuzz-29401234',
    JOB_COMPLETION_INDEX: String(index),
    BANTER_SHARD_TOTAL: String(total),
    BANTER_GENERATE: '60',
    BANTER_ENDPOINT: `${assistant.url}/chat`,
  }
  return spawnCli([], { shell: script, env }).done.then((r) => ({ code: r.code ?? -1, output: r.stdout + r.stderr }))
}

describe('the fuzz CronJob script', () => {
  it('writes one report per shard and the last pod merges them', async () => {
    const merged = path.join(reports, 'banter-fuzz-29401234', 'merged', 'banter-report.json')
    for (let index = 0; index < total; index++) {
      expect(existsSync(merged), `merged before shard ${index}`).toBe(false)
      const r = await pod(index)
      expect(r.code, r.output).toBe(0)
      expect(existsSync(path.join(reports, 'banter-fuzz-29401234', `shard-${index}.json`))).toBe(true)
    }
    const report = JSON.parse(readFileSync(merged, 'utf8')) as RunReport
    expect(report.run.merged).toEqual({ reports: total })
    // A generated run: N conversations in all, the seed from the Job's name, the same in every shard.
    expect(report.run.seed).toBe(29401234)
    expect(report.summary.conversations).toBe(60)
    expect(Object.keys(report.summary.generators ?? {}).length).toBeGreaterThan(1)
    expect(report.summary.failed + report.summary.errored).toBe(0)
    expect(report.summary.conversations).toBeGreaterThan(0)
    expect(existsSync(path.join(reports, 'banter-fuzz-29401234', 'merged', 'junit.xml'))).toBe(true)
    expect(existsSync(path.join(reports, 'banter-fuzz-29401234', 'merged', 'report.html'))).toBe(true)
  }, 120_000)
})
