import { isRecord } from '../util/is-record.js'
import { MAX_JSON_DEPTH } from '../network/read-body.js'
import { nestedDeeperThan } from '../util/json-depth.js'

/** A judge's grade as banter reads it from the model's answer. */
export interface Grade {
  score: number
  reason: string
}

/** Why an answer is not a grade: JUDGE_BAD_RESPONSE (not a chat completion), JUDGE_BAD_ANSWER (content not {score, reason}), JUDGE_SCORE_OUT_OF_RANGE. */
export interface AnswerProblem {
  code: 'JUDGE_BAD_RESPONSE' | 'JUDGE_BAD_ANSWER' | 'JUDGE_SCORE_OUT_OF_RANGE'
  message: string
}

/** Token counts of a chat completion's `usage`, when the judge reports them. */
export interface Usage {
  prompt_tokens?: number
  completion_tokens?: number
}

/** The grade in a chat completion body, or what is wrong with it. A ```json fence around the object is tolerated. */
export function readGrade(body: unknown): Grade | AnswerProblem {
  const choice = isRecord(body) && Array.isArray(body.choices) ? body.choices[0] : undefined
  const message = isRecord(choice) ? choice.message : undefined
  if (!isRecord(message)) return { code: 'JUDGE_BAD_RESPONSE', message: 'the judge answered without choices[0].message' }
  if (typeof message.content !== 'string') return { code: 'JUDGE_BAD_ANSWER', message: 'the judge answered without text content' }
  const text = message.content.trim().replace(/^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i, '$1')
  let parsed: unknown
  try {
    if (nestedDeeperThan(text, MAX_JSON_DEPTH)) throw new Error('too deep')
    parsed = JSON.parse(text)
  } catch {
    return { code: 'JUDGE_BAD_ANSWER', message: `the judge's answer is not a JSON object: ${quote(text)}` }
  }
  if (!isRecord(parsed)) return { code: 'JUDGE_BAD_ANSWER', message: `the judge's answer is not a JSON object: ${quote(text)}` }
  const { score, reason } = parsed
  if (typeof score !== 'number') return { code: 'JUDGE_BAD_ANSWER', message: `the judge's answer has no numeric "score": ${quote(text)}` }
  if (!Number.isFinite(score) || score < 0 || score > 1)
    return { code: 'JUDGE_SCORE_OUT_OF_RANGE', message: `the judge's score ${score} is outside 0..1` }
  if (typeof reason !== 'string') return { code: 'JUDGE_BAD_ANSWER', message: `the judge's answer has no "reason" text: ${quote(text)}` }
  return { score, reason }
}

/** `usage.prompt_tokens` and `usage.completion_tokens`, each when it is a count. */
export function readUsage(body: unknown): Usage {
  const usage = isRecord(body) && isRecord(body.usage) ? body.usage : {}
  const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined)
  const prompt = count(usage.prompt_tokens)
  const completion = count(usage.completion_tokens)
  return {
    ...(prompt !== undefined ? { prompt_tokens: prompt } : {}),
    ...(completion !== undefined ? { completion_tokens: completion } : {}),
  }
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ')
  return JSON.stringify(flat.length > 120 ? `${flat.slice(0, 120)}…` : flat)
}
