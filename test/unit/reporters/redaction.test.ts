import { describe, expect, it } from 'vitest'
import { redactor } from '../../../src/secrets/redact.js'
import { configSecrets, isCredentialName } from '../../../src/secrets/credentials.js'
import { redactDeep } from '../../../src/secrets/redact-report.js'
import { REPORTERS } from '../../../src/reporters/registry.js'
import { REPORTER_NAMES } from '../../../src/reporters/names.js'
import { cannedReport } from '../../helpers/canned-report.js'

const SECRET = 'sk-live-9f8e7d6c5b4a'

/** A report with the secret everywhere an endpoint or assistant could put it. */
function leakyReport() {
  const report = cannedReport()
  report.run.endpoint = `http://127.0.0.1:1/chat?key=${SECRET}`
  const errored = report.cases.find((c) => c.status === 'errored')!
  errored.turns[0]!.error = { code: 'HTTP_STATUS', message: `HTTP 401: invalid key ${SECRET}`, status: 401 }
  const failed = report.cases.find((c) => c.status === 'failed')!
  failed.turns[1]!.reply!.text = `echoing your key: ${SECRET}`
  failed.turns[1]!.verdicts[0]!.actual = SECRET
  failed.name = `leaks ${SECRET}`
  return report
}

describe('secrets never reach a report', () => {
  it.each(REPORTER_NAMES)('%s: the redacted report shows *** and never the secret', (name) => {
    const redact = redactor([SECRET])
    const report = redactDeep(leakyReport(), redact)
    const reporter = REPORTERS[name].create({ color: false })
    const text = [
      reporter.onRunStart?.({ total: 4, files: 2, target: redact(report.run.endpoint) }) ?? '',
      ...report.cases.map((c) => reporter.onCaseResult?.(c) ?? ''),
      reporter.onRunEnd(report),
    ].join('')
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain(SECRET.slice(3))
    // Prometheus output holds only numbers and labels (suite, tag, intent): nothing to mask there.
    if (!['console', 'prometheus'].includes(name)) expect(text).toContain('***')
  })

  it('redactDeep leaves the original untouched and keeps non-strings', () => {
    const original = leakyReport()
    const copy = redactDeep(original, redactor([SECRET]))
    expect(JSON.stringify(original)).toContain(SECRET)
    expect(JSON.stringify(copy)).not.toContain(SECRET)
    expect(copy.summary).toEqual(original.summary)
  })
})

describe('credential headers and preset secrets', () => {
  it('recognises authorization, api-key, token and secret headers, case-insensitively', () => {
    for (const h of ['Authorization', 'proxy-authorization', 'X-API-Key', 'api-key', 'X-Auth-Token', 'client_secret', 'x-apikey'])
      expect(isCredentialName(h)).toBe(true)
    for (const h of ['content-type', 'accept', 'x-request-id']) expect(isCredentialName(h)).toBe(false)
  })

  it('collects the credentials written in the tool-results request: header, body field, URL query', () => {
    const secrets = configSecrets({
      url: 'http://x/chat',
      response: { tool_calls: '$.calls' },
      tool_results: {
        url: 'http://x/tools?api_key=tools-key',
        headers: { 'X-Tools-Token': 'tools-tok', accept: 'application/json' },
        body: { password: 'tools-pass', results: '{{tool_results}}' },
      },
    })
    expect(secrets).toEqual(expect.arrayContaining(['tools-key', 'tools-tok', 'tools-pass']))
    expect(secrets).not.toContain('application/json')
  })

  it('collects header values, the credential after Bearer, and preset secrets; not template placeholders', () => {
    const secrets = configSecrets({
      url: 'http://x',
      headers: { authorization: 'Bearer abc123token', 'x-api-key': 'key-{{session.id}}-tail', accept: 'application/json' },
      rasa: { token: 'rasatok' },
      openai: { model: 'm', api_key: 'sk-open' },
      directline: { secret: 'dlsecret' },
      session: { start: { url: 'http://x', headers: { 'x-session-token': 'sess-tok' } } },
    })
    expect(secrets).toEqual(expect.arrayContaining(['Bearer abc123token', 'abc123token', 'rasatok', 'sk-open', 'dlsecret', 'sess-tok']))
    expect(secrets).not.toContain('application/json')
    expect(secrets.some((s) => s.includes('key-'))).toBe(false)
  })
})
