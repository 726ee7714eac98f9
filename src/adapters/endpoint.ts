import type {
  DirectLineOptions,
  OpenAiOptions,
  RasaOptions,
  ResponseMapping,
  Session,
  ToolResultsRequest,
} from '../core/config.types.generated.js'
import type { RetryPolicy } from '../network/retry.js'
import type { Transport } from '../network/transport.js'
import type { Waits } from '../network/waits.js'

/** Timeout of one HTTP attempt (connect, headers, body) when neither --timeout nor `timeout_ms` sets one. */
export const DEFAULT_TIMEOUT_MS = 10_000

export type AdapterName = 'http' | 'rasa' | 'openai' | 'directline'

/** An endpoint as resolved from the config (or --endpoint): what every adapter is built from. */
export interface EndpointConfig {
  /** Protocol; default `http` (the generic adapter). */
  adapter?: AdapterName
  /** The chat URL (generic) or the server's base URL (presets). */
  url: string
  method: string
  headers: Record<string, string>
  /** Request body template; defaults to banter's shape `{session_id, user_id, message}`. */
  body?: unknown
  response?: ResponseMapping
  /** Timeout of one attempt. */
  timeoutMs: number
  session?: Session
  /** The generic adapter's tool loop: how tool results go back (adapters/http-tools.ts). */
  toolResults?: ToolResultsRequest
  retry?: RetryPolicy
  rasa?: RasaOptions
  openai?: OpenAiOptions
  directline?: DirectLineOptions
  /** Where feedback steps are POSTed (not used by adapters; see execute/feedback.ts). */
  feedbackUrl?: string
}

/** What an adapter factory gets: its endpoint, the run's transport, and the redactor for messages. */
export interface AdapterContext {
  endpoint: EndpointConfig
  transport: Transport
  redact: (text: string) => string
  /** The run's waits, for pauses of the protocol's own (Direct Line polling). Default: plain timers. */
  waits?: Waits
}
