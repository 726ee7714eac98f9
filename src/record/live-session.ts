import { randomUUID } from 'node:crypto'
import type { AdapterSession } from '../adapters/adapter.js'
import { createAdapter } from '../adapters/registry.js'
import { urlSecrets } from '../secrets/credentials.js'
import { maskUrlCredentials, redactor } from '../secrets/redact.js'
import type { ResolvedConfig } from '../config/load-config.js'
import { resolveEndpoint, type EndpointChoice } from '../execute/resolve-endpoint.js'
import { createTransport } from '../network/transport.js'
import { redactDeep } from '../secrets/redact-report.js'
import type { AssistantReply } from '../report/model.js'

/** A conversation with the configured endpoint, one message at a time. */
export interface LiveSession {
  /** Who we talk to, for the console (secrets redacted). */
  target: string
  send(message: string): Promise<AssistantReply>
  /** Ends the conversation and starts a fresh one (new session id). */
  restart(): Promise<void>
  close(): Promise<void>
}

/**
 * Opens a session on the endpoint `banter run` would use (--endpoint, the config's, or the one
 * `choice.defaultEndpoint` starts: the CLI's embedded reference assistant), through the same
 * adapter and transport.
 */
export async function openLiveSession(choice: Omit<EndpointChoice, 'concurrency'>, config: ResolvedConfig): Promise<LiveSession> {
  const endpoint = await resolveEndpoint({ ...choice, concurrency: 1 }, config)
  const redact = redactor([...config.secrets, ...(choice.endpoint ? urlSecrets(choice.endpoint, []) : [])])
  const adapter = createAdapter({ endpoint: endpoint.http, transport: createTransport({ connections: 1 }), redact })
  const open = () => adapter.open({ sessionId: `banter-record-${randomUUID()}`, userId: 'banter-record' })
  let session: AdapterSession = await open()
  let turn = 0
  return {
    target: maskUrlCredentials(redact(endpoint.label ?? adapter.target)),
    async send(message) {
      try {
        // The reply is shown and written into the recorded scenario: never with a secret in it.
        const out = await session.send({ message, turn: turn++, vars: {} })
        return redactDeep(out.reply, redact)
      } catch (err) {
        if (err instanceof Error) err.message = maskUrlCredentials(redact(err.message))
        throw err
      }
    },
    async restart() {
      await session.end()
      session = await open()
      turn = 0
    },
    async close() {
      await session.end()
      await adapter.close()
      await endpoint.close?.()
    },
  }
}
