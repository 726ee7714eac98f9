import type http from 'node:http'
import { startFakeServer, type FakeServer } from './fake-server.js'

/** How a fake protocol server misbehaves, switched by a test. */
export type FakeMode = 'ok' | 'malformed' | 'slow'

/** A fake assistant server: the loopback server, its mode switch, and the credential it accepts. */
export interface FakeBotServer extends FakeServer {
  mode: FakeMode
  /** Milliseconds a `slow` reply waits (longer than any test timeout). */
  slowMs: number
}

/** The shared "brain": echoes the message with the count of user messages so far in its session. */
export function brain(message: string, count: number) {
  const order = /\d{3,}/.exec(message)?.[0]
  return {
    text: `echo: ${message} (#${count})`,
    intent: /hello|hi\b/i.test(message) ? 'greet' : order ? 'order_status' : 'other',
    confidence: 0.93,
    entities: order ? [{ type: 'order_id', value: order }] : [],
    action: order ? 'action_lookup_order' : 'utter_greet',
  }
}

/** Starts a fake server whose handler gets the mode; `slow` replies are delayed by slowMs first. */
export async function startFakeBot(
  handle: (req: http.IncomingMessage, body: string, res: http.ServerResponse, mode: FakeMode) => void,
): Promise<FakeBotServer> {
  const bot: FakeBotServer = Object.assign(
    await startFakeServer((req, body, res) => {
      if (bot.mode === 'slow') {
        const timer = setTimeout(() => {
          if (!res.destroyed) handle(req, body, res, 'ok')
        }, bot.slowMs)
        res.on('close', () => clearTimeout(timer))
        return
      }
      handle(req, body, res, bot.mode)
    }),
    { mode: 'ok' as FakeMode, slowMs: 5_000 },
  )
  return bot
}

/** The Bearer credential of a request, if any. */
export function bearer(req: http.IncomingMessage): string | undefined {
  return /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
}
