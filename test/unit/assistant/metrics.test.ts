import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAssistantMetrics } from '../../../src/assistant/metrics.js'
import { startAssistant, type RunningAssistant } from '../../../src/assistant/server.js'
import { parsePrometheus } from '../../helpers/prometheus.js'

const metrics = createAssistantMetrics()
let assistant: RunningAssistant
beforeAll(async () => {
  assistant = await startAssistant({ port: 0, host: '127.0.0.1', metrics })
})
afterAll(async () => {
  await assistant?.close()
})

const chat = (session: string, message: string) =>
  fetch(`${assistant.url}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session_id: session, message }),
  })
const scrape = async () => {
  const res = await fetch(`${assistant.url}/metrics`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
  return parsePrometheus(await res.text())
}

describe('GET /metrics (Prometheus text format)', () => {
  it('starts at zero with every family typed', async () => {
    const m = await scrape()
    expect(m.types).toEqual({
      banter_assistant_active_sessions: 'gauge',
      banter_assistant_messages_total: 'counter',
      banter_assistant_response_time_seconds: 'histogram',
      banter_assistant_fallbacks_total: 'counter',
      banter_assistant_escalations_total: 'counter',
      banter_assistant_bad_requests_total: 'counter',
      banter_assistant_feedback_score: 'histogram',
      banter_assistant_faults_total: 'counter',
    })
    expect(m.value('banter_assistant_active_sessions')).toBe(0)
    expect(m.value('banter_assistant_response_time_seconds_count')).toBe(0)
    expect(m.value('banter_assistant_feedback_score_bucket', { le: '+Inf' })).toBe(0)
  })

  it('counts messages by intent, fallbacks, escalations, sessions, bad requests and response times', async () => {
    for (const [session, message] of [
      ['a', 'hello'],
      ['a', 'where is my order 12345'],
      ['b', 'hi there'],
      ['b', 'purple monkey dishwasher'],
      ['c', 'I want to talk to a human'],
    ]) {
      expect((await chat(session!, message!)).status).toBe(200)
    }
    expect((await fetch(`${assistant.url}/chat`, { method: 'POST', body: '{nope' })).status).toBe(400)
    const m = await scrape()
    expect(m.value('banter_assistant_active_sessions')).toBe(3)
    expect(m.value('banter_assistant_messages_total', { intent: 'greeting' })).toBe(2)
    expect(m.value('banter_assistant_messages_total', { intent: 'fallback' })).toBe(1)
    expect(m.value('banter_assistant_messages_total', { intent: 'talk_to_human' })).toBe(1)
    const total = m.samples.filter((s) => s.name === 'banter_assistant_messages_total').reduce((n, s) => n + s.value, 0)
    expect(total).toBe(5)
    expect(m.value('banter_assistant_fallbacks_total')).toBe(1)
    expect(m.value('banter_assistant_escalations_total')).toBe(1)
    expect(m.value('banter_assistant_bad_requests_total')).toBe(1)

    expect(m.value('banter_assistant_response_time_seconds_count')).toBe(5)
    expect(m.value('banter_assistant_response_time_seconds_bucket', { le: '+Inf' })).toBe(5)
    expect(m.value('banter_assistant_response_time_seconds_sum')).toBeGreaterThan(0)
    const buckets = m.samples.filter((s) => s.name === 'banter_assistant_response_time_seconds_bucket').map((s) => s.value)
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b))
  })

  it('records feedback scores through the recordFeedback hook', async () => {
    expect(metrics.recordFeedback(5)).toBe(true)
    expect(metrics.recordFeedback(2)).toBe(true)
    expect(metrics.recordFeedback(Number.NaN)).toBe(false)
    const m = await scrape()
    expect(m.value('banter_assistant_feedback_score_count')).toBe(2)
    expect(m.value('banter_assistant_feedback_score_sum')).toBe(7)
    expect(m.value('banter_assistant_feedback_score_bucket', { le: '2' })).toBe(1)
    expect(m.value('banter_assistant_feedback_score_bucket', { le: '5' })).toBe(2)
  })

  it('allows only GET', async () => {
    const res = await fetch(`${assistant.url}/metrics`, { method: 'POST' })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET')
  })
})

describe('metrics rendering', () => {
  it('escapes label values so a hostile label cannot forge a series', () => {
    const m = createAssistantMetrics()
    m.recordChat({ intent: 'x"} 1\nevil_total{a="', action: 'greet', seconds: 0.003 })
    const parsed = parsePrometheus(m.render({ activeSessions: 0 }))
    expect(parsed.samples.some((s) => s.name === 'evil_total')).toBe(false)
    expect(parsed.value('banter_assistant_messages_total', { intent: 'x"} 1\nevil_total{a="' })).toBe(1)
    expect(parsed.value('banter_assistant_response_time_seconds_bucket', { le: '0.0025' })).toBe(0)
    expect(parsed.value('banter_assistant_response_time_seconds_bucket', { le: '0.005' })).toBe(1)
  })
})
