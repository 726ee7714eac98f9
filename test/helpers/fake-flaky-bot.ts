import { json, startFakeServer, type FakeServer } from './fake-server.js'

/**
 * A loopback assistant (banter's default JSON shape) whose answers to a message follow a fixed
 * schedule over that message's occurrences, so flakiness is deterministic whatever the order in
 * which concurrent runs arrive: the n-th time (from 0) a message comes, `schedule[message](n)`
 * says what to answer. `ok` answers intent `greeting` (what the fixtures expect), `wrong` answers
 * `other`, `error` is an HTTP 500 (an errored turn), `hang` never answers (the connection stays
 * open until the client gives up or the server closes). Unknown messages are answered `ok`.
 */
export type Answer = 'ok' | 'wrong' | 'error' | 'hang'

export interface FlakyBot extends FakeServer {
  /** How many times each message has come. */
  seen: Map<string, number>
}

export async function startFlakyBot(schedule: Record<string, (n: number) => Answer>): Promise<FlakyBot> {
  const seen = new Map<string, number>()
  const server = await startFakeServer((_req, body, res) => {
    const message = String((JSON.parse(body) as { message?: unknown }).message)
    const n = seen.get(message) ?? 0
    seen.set(message, n + 1)
    const answer = schedule[message]?.(n) ?? 'ok'
    if (answer === 'error') return json(res, 500, { error: 'scheduled failure' })
    if (answer === 'hang') return
    json(res, 200, { reply: `answer ${n}`, intent: { name: answer === 'ok' ? 'greeting' : 'other', confidence: 1 }, entities: [] })
  })
  return Object.assign(server, { seen })
}

/** Schedules: every time, never, every other time (from the first), or only the n-th time (from 0). */
export const always = (): Answer => 'ok'
export const never = (): Answer => 'wrong'
export const alternate = (n: number): Answer => (n % 2 === 0 ? 'ok' : 'wrong')
export const erroring = (): Answer => 'error'
export const hanging = (): Answer => 'hang'
export const onlyAt =
  (k: number, answer: Answer) =>
  (n: number): Answer =>
    n === k ? answer : 'ok'
