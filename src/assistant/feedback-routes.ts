/**
 * The reference assistant's feedback endpoint:
 *   POST /feedback {session_id, user_id?, satisfaction 1-5, resolved, comment?} → 201 the stored record
 *   GET  /feedback?limit=&offset= → {total, offset, limit, records} (oldest first)
 * Invalid input is a 400 whose `field` names the offending field.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { MAX_BODY_BYTES, readBody, sendJson, sendTooLarge } from './http-io.js'
import type { FeedbackRecord, FeedbackStore } from './feedback-store.js'
import type { Routes } from './router.js'

const MAX_COMMENT_LENGTH = 2000
const MAX_PAGE = 1000
const MAX_ID_LENGTH = 256

type Invalid = { field: string; error: string }

/** The record to store, or which field is wrong. */
export function validateFeedback(body: unknown, now: () => Date = () => new Date()): FeedbackRecord | Invalid {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { field: 'body', error: 'request body must be a JSON object' }
  const { session_id: sessionId, user_id: userId, satisfaction, resolved, comment } = body as Record<string, unknown>
  if (typeof sessionId !== 'string' || sessionId === '' || sessionId.length > MAX_ID_LENGTH)
    return { field: 'session_id', error: `session_id must be a non-empty string of at most ${MAX_ID_LENGTH} characters` }
  if (userId !== undefined && userId !== null && (typeof userId !== 'string' || userId.length > MAX_ID_LENGTH))
    return { field: 'user_id', error: `user_id must be a string of at most ${MAX_ID_LENGTH} characters` }
  if (typeof satisfaction !== 'number' || !Number.isInteger(satisfaction) || satisfaction < 1 || satisfaction > 5)
    return { field: 'satisfaction', error: 'satisfaction must be an integer from 1 to 5' }
  if (typeof resolved !== 'boolean') return { field: 'resolved', error: 'resolved must be true or false' }
  if (comment !== undefined && comment !== null && (typeof comment !== 'string' || comment.length > MAX_COMMENT_LENGTH))
    return { field: 'comment', error: `comment must be a string of at most ${MAX_COMMENT_LENGTH} characters` }
  return {
    session_id: sessionId,
    ...(typeof userId === 'string' ? { user_id: userId } : {}),
    satisfaction,
    resolved,
    ...(typeof comment === 'string' ? { comment } : {}),
    received_at: now().toISOString(),
  }
}

/** limit (1..MAX_PAGE, default 100) and offset (>= 0, default 0) from the query string. */
export function parsePage(url: string | undefined): { limit: number; offset: number } | Invalid {
  const query = new URL(url ?? '/', 'http://localhost').searchParams
  const read = (name: string, fallback: number, min: number, max: number): number | Invalid => {
    const raw = query.get(name)
    if (raw === null || raw === '') return fallback
    const n = Number(raw)
    return Number.isInteger(n) && n >= min && n <= max ? n : { field: name, error: `${name} must be an integer from ${min} to ${max}` }
  }
  const limit = read('limit', 100, 1, MAX_PAGE)
  if (typeof limit !== 'number') return limit
  const offset = read('offset', 0, 0, Number.MAX_SAFE_INTEGER)
  if (typeof offset !== 'number') return offset
  return { limit, offset }
}

/** `/feedback` routes over a store. */
export function createFeedbackRoutes(store: FeedbackStore): Routes {
  async function post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_BODY_BYTES)
    if (body.kind === 'too_large') return sendTooLarge(res, MAX_BODY_BYTES)
    let parsed: unknown
    try {
      parsed = JSON.parse(body.text)
    } catch (err) {
      return sendJson(res, 400, { field: 'body', error: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` })
    }
    const record = validateFeedback(parsed)
    if ('field' in record) return sendJson(res, 400, record)
    await store.append(record)
    sendJson(res, 201, record)
  }

  async function get(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const page = parsePage(req.url)
    if ('field' in page) return sendJson(res, 400, page)
    sendJson(res, 200, await store.list(page))
  }

  return { '/feedback': { POST: post, GET: get } }
}
