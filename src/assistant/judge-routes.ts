/**
 * The reference assistant's judge endpoint, OpenAI-compatible, so banter's judge client (and any
 * OpenAI client) can use it as a judge model:
 *   POST /judge/v1/chat/completions {model, messages} → a chat completion whose content is
 *   {"score": 0..1, "reason": "..."}, graded by rule-judge.ts from the rubric and reply blocks of
 *   the last user message (judge/prompt.ts). `usage` counts white-space separated words.
 * A request without those blocks is a 400 in OpenAI's error shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readJudgeRequest } from '../judge/prompt.js'
import { MAX_BODY_BYTES, readBody, sendJson, sendTooLarge } from './http-io.js'
import { ruleGrade } from './rule-judge.js'
import type { Routes } from './router.js'

const JUDGE_PATH = '/judge/v1/chat/completions'

/** A judge request is the rubric plus a reply, which may be long: allowed up to 1 MB. */
const MAX_JUDGE_BODY_BYTES = Math.max(MAX_BODY_BYTES, 1024 * 1024)

type Messages = { role: string; content: string }[]

/** The model and messages of a chat completion request, or what is wrong with it. */
function validateJudgeRequest(body: unknown): { model: string; messages: Messages; rubric: string; reply: string } | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'request body must be a JSON object'
  const { model, messages } = body as Record<string, unknown>
  if (typeof model !== 'string' || model === '') return 'model must be a non-empty string'
  if (!Array.isArray(messages) || messages.length === 0) return 'messages must be a non-empty array'
  if (
    !messages.every(
      (m) =>
        typeof m === 'object' &&
        m !== null &&
        typeof (m as Messages[number]).role === 'string' &&
        typeof (m as Messages[number]).content === 'string',
    )
  )
    return 'each message needs a string role and string content'
  const last = [...(messages as Messages)].reverse().find((m) => m.role === 'user')
  const blocks = last && readJudgeRequest(last.content)
  if (!blocks)
    return 'the last user message must hold a <rubric>…</rubric> block and then a <reply>…</reply> block, each tag on its own line'
  return { model, messages: messages as Messages, ...blocks }
}

export function createJudgeRoutes(now: () => number = Date.now): Routes {
  let served = 0
  async function complete(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_JUDGE_BODY_BYTES)
    if (body.kind === 'too_large') return sendTooLarge(res, MAX_JUDGE_BODY_BYTES)
    let parsed: unknown
    try {
      parsed = JSON.parse(body.text)
    } catch (err) {
      return sendJson(res, 400, openAiError(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`))
    }
    const request = validateJudgeRequest(parsed)
    if (typeof request === 'string') return sendJson(res, 400, openAiError(request))
    const { score, reason } = ruleGrade(request.rubric, request.reply)
    const content = JSON.stringify({ score, reason })
    const words = (text: string) => text.split(/\s+/).filter(Boolean).length
    const promptTokens = request.messages.reduce((n, m) => n + words(m.content), 0)
    sendJson(res, 200, {
      id: `judgecmpl-${++served}`,
      object: 'chat.completion',
      created: Math.floor(now() / 1000),
      model: request.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: promptTokens, completion_tokens: words(content), total_tokens: promptTokens + words(content) },
    })
  }
  return { [JUDGE_PATH]: { POST: complete } }
}

function openAiError(message: string) {
  return { error: { message, type: 'invalid_request_error', param: null, code: null } }
}
