import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAssistant, type RunningAssistant } from '../../src/assistant/server.js'
import { run } from '../../src/run.js'
import { runCli } from '../helpers/in-process-cli.js'
import { json, startFakeServer } from '../helpers/fake-server.js'

const SCENARIOS = path.resolve('fixtures/e2e/feedback.yaml')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'banter-feedback-e2e-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function config(name: string, endpoint: Record<string, string>): Promise<string> {
  const file = path.join(dir, name)
  await writeFile(
    file,
    `endpoint:\n${Object.entries(endpoint)
      .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`)
      .join('')}`,
  )
  return file
}

describe('feedback steps', () => {
  it('are sent to the embedded assistant and recorded in each case (banter run, JSON report)', async () => {
    const out = path.join(dir, 'embedded')
    const r = await runCli(['run', 'fixtures/e2e/feedback.yaml', '--reporter', 'json', '--out', out])
    expect(r.code).toBe(0)
    const report = JSON.parse(await readFile(path.join(out, 'banter-report.json'), 'utf8'))
    expect(report.cases.map((c: { feedback: unknown }) => c.feedback)).toEqual([
      { satisfaction: 5, resolved: true, comment: 'Quick and friendly <b>thanks</b>', sent: true },
      { satisfaction: 2, resolved: false, sent: true },
    ])
  })

  describe('against a configured endpoint', () => {
    let assistant: RunningAssistant
    beforeAll(async () => {
      assistant = await startAssistant({ feedbackFile: path.join(dir, 'feedback.jsonl') })
    })
    afterAll(async () => {
      await assistant?.close()
    })

    it('POSTs to endpoint.feedback_url; the records are stored and readable through GET /feedback', async () => {
      const configFile = await config('with-feedback.yaml', { url: `${assistant.url}/chat`, feedback_url: `${assistant.url}/feedback` })
      const report = await run({ cwd: process.cwd(), env: {}, paths: [SCENARIOS], configFile })
      expect(report.summary).toMatchObject({ passed: 2, errored: 0 })
      const page = (await (await fetch(`${assistant.url}/feedback`)).json()) as { total: number; records: Record<string, unknown>[] }
      expect(page.total).toBe(2)
      const bySession = new Map(page.records.map((rec) => [rec.session_id, rec]))
      for (const c of report.cases) {
        expect(bySession.get(c.sessionId)).toMatchObject({
          satisfaction: c.feedback!.satisfaction,
          resolved: c.feedback!.resolved,
          user_id: `banter-${c.sessionId.slice(0, 8)}`,
        })
      }
      expect(bySession.get(report.cases[0]!.sessionId)).toMatchObject({ comment: 'Quick and friendly <b>thanks</b>' })
      const lines = (await readFile(path.join(dir, 'feedback.jsonl'), 'utf8')).trim().split('\n')
      expect(lines.map((l) => JSON.parse(l).session_id).sort()).toEqual(report.cases.map((c) => c.sessionId).sort())
    })

    it('are skipped with a clear reason when the endpoint has no feedback_url', async () => {
      const configFile = await config('no-feedback.yaml', { url: `${assistant.url}/chat` })
      const report = await run({ cwd: process.cwd(), env: {}, paths: [SCENARIOS], configFile })
      expect(report.summary).toMatchObject({ passed: 2 })
      expect(report.cases[0]!.feedback).toEqual({
        satisfaction: 5,
        resolved: true,
        comment: 'Quick and friendly <b>thanks</b>',
        sent: false,
        skipReason: 'no feedback endpoint: set endpoint.feedback_url in banter.config.yaml',
      })
    })
  })

  it('error the conversation when the feedback endpoint fails, keeping the verdicts', async () => {
    const server = await startFakeServer((req, _body, res) => {
      if (req.url === '/feedback') return json(res, 503, { error: 'down' })
      json(res, 200, { reply: 'hello', intent: { name: 'greeting', confidence: 1 }, entities: [], action: 'greet' })
    })
    try {
      const configFile = await config('failing.yaml', { url: `${server.url}/chat`, feedback_url: `${server.url}/feedback` })
      const report = await run({ cwd: process.cwd(), env: {}, paths: [SCENARIOS], configFile })
      expect(report.cases[0]!.status).toBe('errored')
      expect(report.cases[0]!.turns[0]!.status).toBe('passed')
      expect(report.cases[0]!.feedback).toMatchObject({ sent: false, error: expect.stringMatching(/^HTTP_STATUS: HTTP 503/) })
    } finally {
      await server.close()
    }
  })

  it('refuse a feedback_url that is not an http(s) URL (exit 2, positioned)', async () => {
    const configFile = await config('bad-url.yaml', { url: 'http://127.0.0.1:9/chat', feedback_url: 'ftp://example/feedback' })
    const r = await runCli(['run', 'fixtures/e2e/feedback.yaml', '--config', configFile])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('endpoint.feedback_url: not an http(s) URL')
    expect(r.stderr).toContain(`${configFile}:3:`)
  })
})
