/**
 * Fault injection for the reference assistant: wraps route handlers so that, per request and
 * drawn from a seeded PRNG (never Math.random), a response is delayed, replaced by a 500 or a 503
 * with Retry-After, cut by a connection reset, truncated, replaced by garbage, never sent (a hang)
 * or trickled out slowly. Faults are for testing a CI gate's behaviour, never for production.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJson } from './http-io.js'
import type { RouteHandler, Routes } from './router.js'
import { FAULT_KINDS, type FaultConfig, type FaultKind } from './fault-spec.js'
import { markArrival, type AssistantMetrics } from './metrics.js'

/** Wrapped routes plus a way to end hung requests (close() calls it so it returns promptly). */
export interface FaultInjector {
  routes: Routes
  /** Destroys the connections of requests left hanging and stops pending trickles. */
  release(): void
}

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Picks the fault for one uniform draw `u`: probability ranges laid end to end, in FAULT_KINDS order. */
export function pickFault(config: FaultConfig, u: number): FaultKind | undefined {
  let edge = 0
  for (const kind of FAULT_KINDS) {
    edge += config.rates[kind] ?? 0
    if (u < edge) return kind
  }
  return undefined
}

/** Wraps the handlers of `paths` (default `/chat`); `/health` stays healthy so a fuzzer can probe it. */
export function injectFaults(
  routes: Routes,
  config: FaultConfig,
  paths: string[] = ['/chat'],
  metrics?: Pick<AssistantMetrics, 'recordFault'>,
): FaultInjector {
  const random = seededRandom(config.seed)
  const open = new Set<ServerResponse>()
  const timers = new Set<NodeJS.Timeout>()
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t)
      fn()
    }, ms)
    timers.add(t)
  }
  const wrap =
    (inner: RouteHandler): RouteHandler =>
    (req, res) => {
      // The response time the assistant reports starts now, before any injected delay.
      markArrival(req)
      // Both draws happen now, in request order, so a seed gives a reproducible sequence.
      const delay = config.latency ? config.latency.minMs + random() * (config.latency.maxMs - config.latency.minMs) : 0
      const fault = pickFault(config, random())
      if (fault) metrics?.recordFault(fault)
      open.add(res)
      res.on('close', () => open.delete(res))
      const act = () => applyFault({ fault, req, res, inner, config, later })
      if (delay === 0) return act()
      // The delayed handler's promise goes back to the router, which answers 500 if it rejects
      // (dropped, its rejection was unhandled and took the server down).
      return new Promise<void>((resolve, reject) =>
        later(delay, () => {
          Promise.resolve().then(act).then(resolve, reject)
        }),
      )
    }
  const wrapped: Routes = { ...routes }
  for (const p of paths) {
    const methods = routes[p]
    if (methods) wrapped[p] = Object.fromEntries(Object.entries(methods).map(([m, h]) => [m, h && wrap(h)]))
  }
  return {
    routes: wrapped,
    release() {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      for (const res of open) res.socket?.destroy()
      open.clear()
    },
  }
}

interface FaultContext {
  fault: FaultKind | undefined
  req: IncomingMessage
  res: ServerResponse
  inner: RouteHandler
  config: FaultConfig
  later: (ms: number, fn: () => void) => void
}

function applyFault(ctx: FaultContext): void | Promise<void> {
  const { res, req } = ctx
  switch (ctx.fault) {
    case undefined:
      return ctx.inner(req, res)
    case 'error500':
      return sendJson(res, 500, { error: 'injected fault: internal server error' })
    case 'error503':
      return sendJson(res, 503, { error: 'injected fault: service unavailable' }, { 'retry-after': String(ctx.config.retryAfterS) })
    case 'garbage':
      return sendRaw(res, 200, '<html><body>502 Bad Gateway \u0000\uFFFD not json')
    case 'hang':
      return undefined
    default:
      return afterBody(ctx, ctx.fault)
  }
}

function sendRaw(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) })
  res.end(text)
}

/** Lets the real handler build its answer, captures it, and then damages its delivery. */
function afterBody(ctx: FaultContext, fault: 'reset' | 'truncate' | 'trickle'): void | Promise<void> {
  const { res } = ctx
  let status = 200
  res.writeHead = ((s: number) => {
    status = s
    return res
  }) as typeof res.writeHead
  res.end = ((chunk?: unknown) => {
    Reflect.deleteProperty(res, 'writeHead')
    Reflect.deleteProperty(res, 'end')
    deliver(ctx, fault, status, Buffer.from(typeof chunk === 'string' || chunk instanceof Uint8Array ? chunk : ''))
    return res
  }) as typeof res.end
  return ctx.inner(ctx.req, res)
}

function deliver(ctx: FaultContext, fault: 'reset' | 'truncate' | 'trickle', status: number, body: Buffer): void {
  const { res } = ctx
  const half = body.subarray(0, Math.max(1, Math.floor(body.length / 2)))
  if (fault === 'truncate') {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    res.end(half)
    return
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) })
  if (fault === 'reset') {
    res.write(half, () => res.socket?.destroy())
    return
  }
  const pieces = Math.max(1, Math.min(body.length, 10))
  const size = Math.ceil(body.length / pieces)
  const step = ctx.config.trickleMs / pieces
  const send = (i: number) => {
    if (res.destroyed) return
    const piece = body.subarray(i * size, (i + 1) * size)
    if (i + 1 >= pieces) res.end(piece)
    else {
      res.write(piece)
      ctx.later(step, () => send(i + 1))
    }
  }
  send(0)
}
