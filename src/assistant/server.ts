/**
 * The reference assistant over HTTP (node:http only):
 *   POST /chat   {session_id, user_id?, message} → {session_id, reply, intent, entities, action}
 *   GET  /health → {status: "ok", sessions, uptime_s}
 *   POST /feedback, GET /feedback → see feedback-routes.ts
 *   GET  /metrics → Prometheus text format (see metrics.ts)
 *   POST /v1/chat/completions → OpenAI-compatible chat completions with tools (see openai-routes.ts)
 *   POST /judge/v1/chat/completions → a rule-based judge model (see judge-routes.ts)
 * The request handler is built separately from listening so it can be wrapped or extended.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { respond, type DialogueOptions, type SessionContext } from './dialogue.js'
import { createFeedbackRoutes } from './feedback-routes.js'
import { createJudgeRoutes } from './judge-routes.js'
import { fileFeedbackStore, memoryFeedbackStore, type FeedbackStore } from './feedback-store.js'
import { createAssistantMetrics, markArrival, type AssistantMetrics } from './metrics.js'
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-text.js'
import { MAX_BODY_BYTES, readBody, sendJson, sendTooLarge } from './http-io.js'
import { createRouter, type RequestHandler, type Routes } from './router.js'
import { createSessionStore, type SessionStore } from './sessions.js'
import type { FaultConfig } from './fault-spec.js'
import { injectFaults } from './faults.js'
import { COMPLETIONS_PATH, createOpenAiRoutes } from './openai-routes.js'
import { deviateTurn } from './deviate.js'
import { createSampler } from './sampling.js'

/** Options for the assistant's routes and handler. */
export interface AssistantHandlerOptions {
  /** The NLU to use instead of the rule-based one (a test injects a misclassification this way). */
  classify?: DialogueOptions['classify']
  /** Most sessions remembered (LRU eviction). Default 10,000. */
  maxSessions?: number
  /** Forget sessions idle longer than this. Default: never. */
  sessionTtlMs?: number
  /** Use this store instead of creating one (e.g. to share or inspect it). */
  sessions?: SessionStore<SessionContext>
  /** Clock for uptime, in milliseconds. Default `Date.now`. */
  now?: () => number
  /** Where POST /feedback stores records. Default: a bounded in-memory list. */
  feedback?: FeedbackStore
  /** Record into these metrics instead of fresh ones (e.g. to call `recordFeedback` from a route). */
  metrics?: AssistantMetrics
  /**
   * The default temperature (0-2; 0, the default, answers the same every time) of POST /chat and
   * POST /v1/chat/completions, and the seed of its draws (see sampling.ts).
   */
  temperature?: number
  seed?: number
}

/** Options for `startAssistant`. */
export interface StartAssistantOptions extends AssistantHandlerOptions {
  /** Default 0 (an ephemeral port). */
  port?: number
  /** Default '127.0.0.1'. */
  host?: string
  /** Store feedback durably in this JSON-lines file (ignored when `feedback` is given). */
  feedbackFile?: string
  /** Inject faults into POST /chat (see fault-spec.ts and docs/reference-assistant.md "Fault injection"). */
  faults?: FaultConfig
}

/** Pending connections the listening socket holds (see listen below). */
const LISTEN_BACKLOG = 4096

/** A listening reference assistant. */
export interface RunningAssistant {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string
  port: number
  host: string
  /** Stops listening and closes idle keep-alive connections; idempotent. */
  close(): Promise<void>
}

/** Longest accepted session_id / user_id, to keep the session store's keys bounded. */
const MAX_ID_LENGTH = 256

const HEADERS_TIMEOUT_MS = 10_000
const REQUEST_TIMEOUT_MS = 10_000
const KEEP_ALIVE_TIMEOUT_MS = 5_000
/** In-flight requests still open this long after close() are cut. */
const CLOSE_GRACE_MS = 2_000

/** The assistant's route table: `/chat`, `/health` and `/metrics`. Spread into a larger table to extend it. */
function createAssistantRoutes(options: AssistantHandlerOptions = {}): Routes {
  const now = options.now ?? Date.now
  const startedAt = now()
  const sessions = options.sessions ?? createSessionStore<SessionContext>({ maxSessions: options.maxSessions, ttlMs: options.sessionTtlMs })
  const metrics = options.metrics ?? createAssistantMetrics()
  const sampler = createSampler({ temperature: options.temperature, seed: options.seed })

  async function chat(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = markArrival(req)
    const body = await readBody(req, MAX_BODY_BYTES)
    if (body.kind === 'too_large') {
      metrics.recordBadRequest()
      return sendTooLarge(res, MAX_BODY_BYTES)
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(body.text)
    } catch (err) {
      metrics.recordBadRequest()
      return sendJson(res, 400, { error: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` })
    }
    const input = validateChat(parsed)
    if (typeof input === 'string') {
      metrics.recordBadRequest()
      return sendJson(res, 400, { error: input })
    }
    const before = sessions.get(input.session_id) ?? {}
    const deviation = sampler.draw({ key: JSON.stringify([before, input.message]) })
    const turn = deviateTurn(respond(before, input.message, { classify: options.classify }), before, deviation)
    sessions.set(input.session_id, turn.context)
    sendJson(res, 200, {
      session_id: input.session_id,
      reply: turn.reply,
      intent: turn.intent,
      entities: turn.entities,
      action: turn.action,
    })
    metrics.recordChat({ intent: turn.intent.name, action: turn.action, seconds: (performance.now() - started) / 1000 })
  }

  function health(_req: IncomingMessage, res: ServerResponse): void {
    sendJson(res, 200, { status: 'ok', sessions: sessions.activeSessions(), uptime_s: Math.floor((now() - startedAt) / 1000) })
  }

  function scrape(_req: IncomingMessage, res: ServerResponse): void {
    const text = metrics.render({ activeSessions: sessions.activeSessions() })
    res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'content-length': String(Buffer.byteLength(text)) })
    res.end(text)
  }

  return {
    '/chat': { POST: chat },
    '/health': { GET: health },
    '/metrics': { GET: scrape },
    ...createFeedbackRoutes(options.feedback ?? memoryFeedbackStore()),
    ...createOpenAiRoutes({ temperature: options.temperature, seed: options.seed }),
    ...createJudgeRoutes(now),
  }
}

/** A request listener serving the assistant's routes (404/405 for anything else). */
function createAssistantHandler(options: AssistantHandlerOptions = {}): RequestHandler {
  return createRouter(createAssistantRoutes(options))
}

/** A validated /chat request body. */
interface ChatRequest {
  session_id: string
  user_id?: string
  message: string
}

/** The request, or an error message naming the offending field. `user_id: null` counts as absent. */
function validateChat(body: unknown): ChatRequest | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'request body must be a JSON object'
  const record = body as Record<string, unknown>
  const { session_id: sessionId, user_id: userId, message } = record
  if (sessionId === undefined) return 'missing required field: session_id'
  if (typeof sessionId !== 'string' || sessionId === '') return 'session_id must be a non-empty string'
  if (sessionId.length > MAX_ID_LENGTH) return `session_id must be at most ${MAX_ID_LENGTH} characters`
  if (message === undefined) return 'missing required field: message'
  if (typeof message !== 'string') return 'message must be a string'
  if (userId !== undefined && userId !== null) {
    if (typeof userId !== 'string') return 'user_id must be a string'
    if (userId.length > MAX_ID_LENGTH) return `user_id must be at most ${MAX_ID_LENGTH} characters`
    return { session_id: sessionId, user_id: userId, message }
  }
  return { session_id: sessionId, message }
}

/** Starts the reference assistant on `host:port` (default 127.0.0.1, ephemeral port). */
export async function startAssistant(options: StartAssistantOptions = {}): Promise<RunningAssistant> {
  const { port = 0, host = '127.0.0.1', feedbackFile, faults, ...rest } = options
  const ownStore = !rest.feedback && feedbackFile ? await fileFeedbackStore(feedbackFile) : undefined
  const metrics = rest.metrics ?? createAssistantMetrics()
  const handlerOptions = { ...rest, metrics, feedback: rest.feedback ?? ownStore }
  const injector = faults && injectFaults(createAssistantRoutes(handlerOptions), faults, ['/chat', COMPLETIONS_PATH], metrics)
  const handler = injector ? createRouter(injector.routes) : createAssistantHandler(handlerOptions)
  const server = createServer({ connectionsCheckingInterval: 1_000 }, handler)
  server.headersTimeout = HEADERS_TIMEOUT_MS
  server.requestTimeout = REQUEST_TIMEOUT_MS
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err)
    server.once('error', onError)
    // A backlog above Node's default 511, so a load test opening 1,000+ connections at once is not
    // met with dropped SYNs (each a 1 s retransmit); the kernel caps it at net.core.somaxconn.
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', onError)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const urlHost = address.address.includes(':') ? `[${address.address}]` : address.address

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= new Promise<void>((resolve, reject) => {
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS)
      force.unref()
      server.close((err) => {
        clearTimeout(force)
        const closed = ownStore ? ownStore.close() : Promise.resolve()
        closed.then(() => (err ? reject(err) : resolve()), reject)
      })
      server.closeIdleConnections()
      injector?.release()
    })
    return closing
  }
  return { url: `http://${urlHost}:${address.port}`, port: address.port, host: address.address, close }
}
