// Credentials never reach an output, even when a body that echoes one is cut in a message; a
// value from the environment that is not a credential (a port) stays readable. docs/config-and-adapters.md "Secrets".
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/in-process-cli.js'
import { closedPort, json, startFakeServer, type FakeServer } from '../helpers/fake-server.js'
import { tempDir } from '../helpers/temp-dir.js'

const HEADER_KEY = 'hdr-7Fq2LmZ0pW9xK3vB1nR8'
const QUERY_KEY = 'qry-4Ts6YuI1oP0aS2dF5gH7'
const BODY_KEY = 'bdy-9Jk3Lz5Xc7Vb1Nm4Qw6E'
const PUSH_PASS = 'push-Pa55w0rd-Rt6Yh'
const CLI_PASS = 'cli-Pa55w0rd-Ug3Ko'
/** 190 characters before the echoed value: the value straddles the 200-character cut of messages. */
const FILLER = 'e'.repeat(190)

const SCENARIOS = `- name: echoes the header key
  turns:
    - user: echo header
- name: echoes the query key
  turns:
    - user: echo query
- name: echoes the body key
  turns:
    - user: echo body
- name: feedback echoes the header key
  turns:
    - user: hello
      expect: { intent: greet }
    - feedback: { satisfaction: 5, resolved: true }
`

/** Every piece of a credential that a cut could leave behind, and the credential itself. */
function fragments(secret: string): string[] {
  return [secret, secret.slice(0, 10), secret.slice(-10)]
}

function expectNoSecret(outputs: Record<string, string>, secrets: string[]): void {
  for (const [name, text] of Object.entries(outputs)) {
    for (const secret of secrets) for (const part of fragments(secret)) expect(text, `${name} shows "${part}"`).not.toContain(part)
  }
}

describe('credentials in every output', () => {
  let bank: FakeServer
  let gateway: FakeServer
  let dir: string
  beforeAll(async () => {
    bank = await startFakeServer((req, body, res) => {
      const url = new URL(req.url!, 'http://x')
      if (url.pathname === '/feedback') {
        res.writeHead(500)
        return res.end(FILLER + String(req.headers['x-api-key']))
      }
      const { message, context } = JSON.parse(body) as { message: string; context: string }
      const echo: Record<string, string> = {
        'echo header': String(req.headers['x-api-key']),
        'echo query': url.searchParams.get('access')!,
        'echo body': context,
      }
      if (echo[message] !== undefined) {
        res.writeHead(401, { 'content-type': 'text/plain' })
        return res.end(`${FILLER}${echo[message]} and more text after it`)
      }
      json(res, 200, { reply: 'Hi!', intent: 'greet' })
    })
    gateway = await startFakeServer((req, _body, res) => {
      res.writeHead(400)
      res.end(`${'p'.repeat(195)}${String(req.headers.authorization).replace('Basic ', '')}`)
    })
    dir = await tempDir('banter-secrets-')
    const port = new URL(bank.url).port
    await writeFile(path.join(dir, 'bank.yaml'), SCENARIOS)
    await writeFile(
      path.join(dir, 'banter.config.yaml'),
      `endpoint:
  url: http://127.0.0.1:\${BANK_PORT}/chat?access=\${ACME_Q}&lang=en
  feedback_url: http://127.0.0.1:\${BANK_PORT}/feedback
  headers:
    X-API-Key: \${ACME_HDR}
  body:
    message: "{{message}}"
    context: \${ACME_CTX}
  timeout_ms: 3000
`,
    )
    expect(port).not.toBe('')
  })
  afterAll(async () => {
    await bank.close()
    await gateway.close()
  })

  it('a key echoed across the 200-character cut is masked in console, JSON, JUnit, HTML, Markdown, JSONL, step summary, Prometheus and the Pushgateway message', async () => {
    const port = new URL(bank.url).port
    const pushUrl = `http://pusher:${PUSH_PASS}@${new URL(gateway.url).host}`
    const summary = path.join(dir, 'step-summary.md')
    await writeFile(summary, '')
    const r = await runCli(
      [
        'run',
        'bank.yaml',
        '-r',
        'console,json,junit,html,markdown,prometheus',
        '-o',
        'out',
        '--results-jsonl',
        'results.jsonl',
        '--pushgateway',
        pushUrl,
      ],
      {
        cwd: dir,
        env: { BANK_PORT: port, ACME_HDR: HEADER_KEY, ACME_Q: QUERY_KEY, ACME_CTX: BODY_KEY, GITHUB_STEP_SUMMARY: summary },
      },
    )
    expect(r.code).toBe(3)
    // The endpoint really got the credentials, and echoed each one straddling the cut.
    expect(bank.requests.find((q) => q.url!.startsWith('/chat'))).toMatchObject({ headers: { 'x-api-key': HEADER_KEY } })
    expect(bank.requests.some((q) => q.url!.includes(`access=${QUERY_KEY}`))).toBe(true)
    expect(gateway.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`pusher:${PUSH_PASS}`).toString('base64')}`)
    const read = (f: string) => readFile(path.join(dir, f), 'utf8')
    const outputs = {
      stdout: r.stdout,
      stderr: r.stderr,
      json: await read('out/banter-report.json'),
      junit: await read('out/junit.xml'),
      html: await read('out/report.html'),
      markdown: await read('out/summary.md'),
      prometheus: await read('out/metrics.prom'),
      jsonl: await read('results.jsonl'),
      stepSummary: await read('step-summary.md'),
    }
    expectNoSecret(outputs, [HEADER_KEY, QUERY_KEY, BODY_KEY, PUSH_PASS, Buffer.from(`pusher:${PUSH_PASS}`).toString('base64')])

    const report = JSON.parse(outputs.json)
    const errors = report.cases.map(
      (c: { turns: { error?: { message: string } }[]; feedback?: { error?: string } }) => c.turns[0]!.error?.message ?? c.feedback?.error,
    )
    for (const message of errors) expect(message).toMatch(/HTTP (401|500): e{190}\*\*\*/)
    // The port came from the environment too, but it is not a credential: it stays readable.
    expect(report.run.endpoint).toBe(`http://127.0.0.1:${port}/chat?access=***&lang=en`)
    expect(r.stdout).toContain(`against http://127.0.0.1:${port}/chat?access=***&lang=en`)
    expect(r.stderr).toMatch(
      new RegExp(
        `could not push metrics to the Pushgateway: http://127\\.0\\.0\\.1:\\d+/metrics/job/banter/suite/bank\\.yaml: HTTP 400 p{195}\\*\\*\\*`,
      ),
    )
  })

  it('--endpoint with user:password@ sends them as Basic auth and never prints them, and a dead endpoint named through ${BANK_PORT} shows its port', async () => {
    const r = await runCli(
      [
        'run',
        'bank.yaml',
        '--endpoint',
        `http://bob:${CLI_PASS}@127.0.0.1:${new URL(bank.url).port}/chat`,
        '-r',
        'console,json',
        '-o',
        'cli-out',
      ],
      { cwd: dir, env: { ACME_HDR: HEADER_KEY, BANK_PORT: '1', ACME_Q: 'q', ACME_CTX: 'c' } },
    )
    const report = await readFile(path.join(dir, 'cli-out', 'banter-report.json'), 'utf8')
    expectNoSecret({ stdout: r.stdout, stderr: r.stderr, json: report }, [CLI_PASS])
    // The credentials went as Basic auth; the endpoint is shown without them.
    expect(JSON.parse(report).run.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/chat$/)
    expect(bank.requests.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from(`bob:${CLI_PASS}`).toString('base64')}`)

    const dead = await closedPort()
    const down = await runCli(['run', 'bank.yaml', '-r', 'console,json', '-o', 'dead-out'], {
      cwd: dir,
      env: { BANK_PORT: String(dead), ACME_HDR: HEADER_KEY, ACME_Q: QUERY_KEY, ACME_CTX: BODY_KEY },
    })
    expect(down.code).toBe(3)
    expect(down.stdout).toContain(`against http://127.0.0.1:${dead}/chat?access=***&lang=en`)
    expect(JSON.parse(await readFile(path.join(dir, 'dead-out', 'banter-report.json'), 'utf8')).run.endpoint).toContain(
      `127.0.0.1:${dead}/chat`,
    )
  })

  it('an invalid --pushgateway or --endpoint with credentials is refused (exit 2) without printing them', async () => {
    for (const args of [
      ['--pushgateway', `ftp://ann:${PUSH_PASS}@127.0.0.1:9`],
      ['--endpoint', `ftp://ann:${CLI_PASS}@127.0.0.1:9/chat`],
    ]) {
      const r = await runCli(['run', 'bank.yaml', ...args], {
        cwd: dir,
        env: { BANK_PORT: '1', ACME_HDR: HEADER_KEY, ACME_Q: 'q', ACME_CTX: 'c' },
      })
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('"ftp://***@127.0.0.1:9')
      expectNoSecret({ stderr: r.stderr, stdout: r.stdout }, [PUSH_PASS, CLI_PASS])
    }
  })
})
