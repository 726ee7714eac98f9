import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parsePage, validateFeedback } from '../../../src/assistant/feedback-routes.js'
import { fileFeedbackStore, memoryFeedbackStore } from '../../../src/assistant/feedback-store.js'
import { startAssistant, type RunningAssistant } from '../../../src/assistant/server.js'

const at = () => new Date('2026-01-01T00:00:00.000Z')
const record = (n: number) => ({
  session_id: `s${n}`,
  satisfaction: (n % 5) + 1,
  resolved: n % 2 === 0,
  received_at: '2026-01-01T00:00:00.000Z',
})

describe('feedback validation', () => {
  it('accepts a full record and stamps it', () => {
    expect(validateFeedback({ session_id: 's', user_id: 'u', satisfaction: 5, resolved: true, comment: 'great' }, at)).toEqual({
      session_id: 's',
      user_id: 'u',
      satisfaction: 5,
      resolved: true,
      comment: 'great',
      received_at: '2026-01-01T00:00:00.000Z',
    })
  })

  it.each([
    [[], 'body'],
    [{ satisfaction: 3, resolved: true }, 'session_id'],
    [{ session_id: '', satisfaction: 3, resolved: true }, 'session_id'],
    [{ session_id: 's', user_id: 7, satisfaction: 3, resolved: true }, 'user_id'],
    [{ session_id: 's', resolved: true }, 'satisfaction'],
    [{ session_id: 's', satisfaction: 0, resolved: true }, 'satisfaction'],
    [{ session_id: 's', satisfaction: 6, resolved: true }, 'satisfaction'],
    [{ session_id: 's', satisfaction: 2.5, resolved: true }, 'satisfaction'],
    [{ session_id: 's', satisfaction: '5', resolved: true }, 'satisfaction'],
    [{ session_id: 's', satisfaction: 5, resolved: 'yes' }, 'resolved'],
    [{ session_id: 's', satisfaction: 5, resolved: false, comment: 'x'.repeat(2001) }, 'comment'],
  ])('rejects %j naming %s', (body, field) => {
    expect(validateFeedback(body, at)).toMatchObject({ field })
  })

  it('reads limit and offset, with defaults and bounds', () => {
    expect(parsePage('/feedback')).toEqual({ limit: 100, offset: 0 })
    expect(parsePage('/feedback?limit=5&offset=10')).toEqual({ limit: 5, offset: 10 })
    expect(parsePage('/feedback?limit=0')).toMatchObject({ field: 'limit' })
    expect(parsePage('/feedback?limit=1001')).toMatchObject({ field: 'limit' })
    expect(parsePage('/feedback?offset=-1')).toMatchObject({ field: 'offset' })
    expect(parsePage('/feedback?offset=abc')).toMatchObject({ field: 'offset' })
  })
})

describe('feedback stores', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'banter-feedback-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('in memory: keeps the newest records up to its bound', async () => {
    const store = memoryFeedbackStore(3)
    for (let i = 0; i < 5; i++) await store.append(record(i))
    expect(await store.list({ limit: 10, offset: 0 })).toMatchObject({ total: 3, records: [record(2), record(3), record(4)] })
  })

  it('in a file: one line per record, read back in pages, kept across reopening', async () => {
    const file = join(dir, 'feedback.jsonl')
    const store = await fileFeedbackStore(file)
    await Promise.all([0, 1, 2, 3, 4].map((i) => store.append(record(i))))
    await store.close()
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(6)
    const again = await fileFeedbackStore(file)
    expect(await again.list({ limit: 2, offset: 1 })).toEqual({ total: 5, offset: 1, limit: 2, records: [record(1), record(2)] })
    await again.close()
  })

  it('survives a torn last line (a crash mid-write): earlier records kept, the fragment cut, new records readable', async () => {
    const file = join(dir, 'feedback.jsonl')
    await writeFile(file, `${JSON.stringify(record(0))}\n${JSON.stringify(record(1))}\n`)
    await appendFile(file, JSON.stringify(record(2)).slice(0, 25))
    const store = await fileFeedbackStore(file)
    expect(store.dropped).toBe(25)
    expect((await store.list({ limit: 10, offset: 0 })).records).toEqual([record(0), record(1)])
    await store.append(record(3))
    expect((await store.list({ limit: 10, offset: 0 })).records).toEqual([record(0), record(1), record(3)])
    await store.close()
    expect(await readFile(file, 'utf8')).toBe([record(0), record(1), record(3)].map((r) => `${JSON.stringify(r)}\n`).join(''))
  })
})

describe('POST and GET /feedback on the reference assistant', () => {
  let dir: string
  let assistant: RunningAssistant
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'banter-feedback-'))
    assistant = await startAssistant({ feedbackFile: join(dir, 'f.jsonl') })
  })
  afterEach(async () => {
    await assistant.close()
    await rm(dir, { recursive: true, force: true })
  })
  const post = (body: unknown) =>
    fetch(`${assistant.url}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })

  it('stores a submission durably and returns it from GET /feedback', async () => {
    const res = await post({ session_id: 'abc', user_id: 'u1', satisfaction: 4, resolved: true, comment: 'quick' })
    expect(res.status).toBe(201)
    const page = (await (await fetch(`${assistant.url}/feedback?limit=10`)).json()) as {
      total: number
      records: { session_id: string; received_at: string }[]
    }
    expect(page.total).toBe(1)
    expect(page.records[0]).toMatchObject({ session_id: 'abc', user_id: 'u1', satisfaction: 4, resolved: true, comment: 'quick' })
    expect(new Date(page.records[0]!.received_at).toISOString()).toBe(page.records[0]!.received_at)
    expect(JSON.parse(await readFile(join(dir, 'f.jsonl'), 'utf8'))).toEqual(page.records[0])
  })

  it('answers 400 naming the field for bad input, and stores nothing', async () => {
    for (const [body, field] of [
      ['{not json', 'body'],
      [{ session_id: 'a', satisfaction: 9, resolved: true }, 'satisfaction'],
      [{ session_id: 'a', satisfaction: 3 }, 'resolved'],
    ] as const) {
      const res = await post(body)
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ field })
    }
    const bad = await fetch(`${assistant.url}/feedback?limit=-3`)
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ field: 'limit' })
    expect(await (await fetch(`${assistant.url}/feedback`)).json()).toMatchObject({ total: 0, records: [] })
  })
})
