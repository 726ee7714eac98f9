import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { Adapter, TurnInput } from '../adapters/adapter.js'
import { renderToolResults } from './tool-results.js'
import { captureValues, evaluateTurn } from '../evaluate/evaluate-turn.js'
import { hasJudgeChecks, judgeTurn } from '../evaluate/judge.js'
import type { Judge } from '../judge/judge.js'
import type { Conversation, PlannedTurn } from '../scenario/compiled-conversation.js'
import type { AssistantReply, CaseResult, Status, TurnResult } from '../report/model.js'
import { renderTemplate } from '../template/template.js'
import { sendFeedback, unsentFeedback, type FeedbackTarget } from './feedback.js'
import { keepTurn } from './keep-turn.js'
import { EndpointError } from '../network/endpoint-error.js'
import { PLAIN_WAITS, WaitCancelled, type Waits } from '../network/waits.js'
import { isoTime } from '../util/iso-time.js'

export interface ConversationOptions {
  thinkTimeMs?: number
  feedback?: FeedbackTarget
  waits?: Waits
  /**
   * Open-loop runs: when the conversation was due to start (performance.now() time). Each turn's
   * latencyMs is then the wait a user would see, from when the message was due (this time for the
   * first turn, the previous reply plus think time after), and serviceMs the request's own time.
   */
  scheduledAt?: number
  /** Masks secrets in a text; applied before a long text is cut (see keepTurn). */
  redact?: (text: string) => string
  /** Grades `judge:` expectations (docs/llm-assistants.md); required when a turn has one. */
  judge?: Judge
}

/**
 * Runs one conversation: a fresh session, turns in order, each evaluated as it arrives. An
 * endpoint error ends the conversation (its remaining turns are skipped, since the assistant's
 * state is unknown); a failed expectation does not, so one run shows every miss. A feedback step
 * is sent after the last turn; if the feedback endpoint fails, the conversation is errored.
 */
export async function runConversation(conv: Conversation, adapter: Adapter, opts: ConversationOptions = {}): Promise<CaseResult> {
  const started = Date.now()
  const base = caseBase(conv, started)
  if (conv.skip !== undefined) return skippedCase(conv, base)
  const vars: Record<string, unknown> = { ...conv.variables }
  let session
  try {
    session = await adapter.open({ sessionId: base.sessionId, userId: userIdOf(base.sessionId) })
  } catch (err) {
    return unopenedCase(conv, base, vars, err, started)
  }
  // The rare parts (skips, an unopened session, think time, feedback) live in their own functions,
  // so the common path reads top to bottom.
  let turns: TurnResult[]
  try {
    turns = await runTurns(conv, session, vars, opts)
    if (conv.feedback) return await withFeedback(conv, base, turns, started, opts)
  } finally {
    await session.end().catch(() => undefined)
  }
  return finished(base, caseStatus(turns), Date.now() - started, turns)
}

/** The user id sent with a session: derived from its session id, so the two stay paired. */
function userIdOf(sessionId: string): string {
  return `banter-${sessionId.slice(0, 8)}`
}

/** What every result of a conversation starts with: its identity, a fresh session id, and when it started. */
function caseBase(conv: Conversation, started: number): CaseBase {
  const sessionId = randomUUID()
  const { id, name, file, loc, tags } = conv
  const startedAt = isoTime(started)
  // Two literals rather than a conditional spread (see finished()).
  return conv.repeat
    ? { id, name, file, loc, tags, repeat: { ...conv.repeat }, sessionId, startedAt }
    : { id, name, file, loc, tags, sessionId, startedAt }
}

function skippedCase(conv: Conversation, base: CaseBase): CaseResult {
  const feedback = conv.feedback && { feedback: unsentFeedback(conv.feedback, `skipped: ${conv.skip}`) }
  return {
    ...base,
    status: 'skipped',
    skipReason: conv.skip,
    durationMs: 0,
    turns: conv.turns.map((t) => skippedTurn(t, conv.skip!, {})),
    ...feedback,
  }
}

/** The session could not be opened: the first turn is errored, the rest skipped. */
function unopenedCase(conv: Conversation, base: CaseBase, vars: Record<string, unknown>, err: unknown, started: number): CaseResult {
  const error = toTurnError(err)
  const turns = conv.turns.map((t, i) =>
    i === 0
      ? { ...skippedTurn(t, '', vars), status: 'errored' as const, error, skipReason: undefined }
      : skippedTurn(t, 'the session could not be opened', vars),
  )
  const feedback = conv.feedback && { feedback: unsentFeedback(conv.feedback, 'the session could not be opened') }
  return { ...base, status: 'errored', durationMs: Date.now() - started, turns, ...feedback }
}

/** The turns in order, each kept as keepTurn cuts it; after an endpoint error the rest are skipped. */
async function runTurns(
  conv: Conversation,
  session: Awaited<ReturnType<Adapter['open']>>,
  vars: Record<string, unknown>,
  opts: ConversationOptions,
): Promise<TurnResult[]> {
  const turns: TurnResult[] = []
  // A turn whose judge failed was answered: the assistant's state is known, so the next turns run.
  let broken = false
  for (const turn of conv.turns) {
    const result = broken
      ? skippedTurn(turn, 'an earlier turn errored', vars)
      : opts.thinkTimeMs && turns.length > 0
        ? await pausedTurn(turn, session, vars, opts)
        : await runTurn(turn, session, vars, { due: dueAt(opts, turns.length === 0), judge: opts.judge })
    if (result.status === 'errored' && !result.reply) broken = true
    turns.push(keepTurn(result, opts.redact))
  }
  return turns
}

/** Open-loop runs: when a turn was due (the conversation's schedule for the first, now for later ones). */
function dueAt(opts: ConversationOptions, first: boolean): number | undefined {
  return opts.scheduledAt === undefined ? undefined : first ? opts.scheduledAt : performance.now()
}

/** A later turn after the think time (due when the pause ends); errored, not sent, when the run ends during it. */
async function pausedTurn(
  turn: PlannedTurn,
  session: Awaited<ReturnType<Adapter['open']>>,
  vars: Record<string, unknown>,
  opts: ConversationOptions,
): Promise<TurnResult> {
  const paused = await thinkTime(opts.waits ?? PLAIN_WAITS, opts.thinkTimeMs!)
  if (paused) return { ...skippedTurn(turn, '', vars), status: 'errored', skipReason: undefined, error: paused }
  return runTurn(turn, session, vars, { due: dueAt(opts, false), judge: opts.judge })
}

/** Sends the conversation's feedback step (unless a turn errored); a failed send errors the conversation. */
async function withFeedback(
  conv: Conversation,
  base: CaseBase,
  turns: TurnResult[],
  started: number,
  opts: ConversationOptions,
): Promise<CaseResult> {
  const feedback = turns.some((t) => t.status === 'errored' && !t.reply)
    ? unsentFeedback(conv.feedback!, 'an earlier turn errored')
    : await sendFeedback(conv.feedback!, { sessionId: base.sessionId, userId: userIdOf(base.sessionId) }, opts.feedback)
  const result = finished(base, feedback.error ? 'errored' : caseStatus(turns), Date.now() - started, turns)
  result.feedback = feedback
  return result
}

/**
 * A conversation's result, its keys in report order, written out rather than spread from `base`:
 * on Node 20 `{ ...base, more }` costs microseconds (see evaluate/intent.ts), once per conversation.
 */
type CaseBase = Pick<CaseResult, 'id' | 'name' | 'file' | 'loc' | 'tags' | 'repeat' | 'sessionId' | 'startedAt'>

function finished(base: CaseBase, status: Status, durationMs: number, turns: TurnResult[]): CaseResult {
  const { id, name, file, loc, tags, repeat, sessionId, startedAt } = base
  return repeat
    ? { id, name, file, loc, tags, repeat, sessionId, startedAt, status, durationMs, turns }
    : { id, name, file, loc, tags, sessionId, startedAt, status, durationMs, turns }
}

async function runTurn(
  turn: PlannedTurn,
  session: Awaited<ReturnType<Adapter['open']>>,
  vars: Record<string, unknown>,
  { due, judge }: { due?: number; judge?: Judge },
): Promise<TurnResult> {
  const scope = turn.scope ? { ...vars, ...turn.scope } : vars
  const user = renderTemplate(turn.message, scope)
  const base = { index: turn.index, user, loc: turn.loc, fragment: turn.fragment }
  try {
    const input: TurnInput = { message: user, turn: turn.index, vars: scope }
    if (turn.toolResults) input.toolResults = renderToolResults(turn.toolResults, scope)
    const sent = await session.send(input)
    const { reply, retries, ttftMs, attempts } = sent
    const latencyMs = due === undefined ? sent.latencyMs : performance.now() - due
    const verdicts = evaluateTurn(turn, reply, latencyMs, scope)
    if (hasJudgeChecks(turn)) {
      if (!judge) throw new Error('a judge expectation reached the runner without a judge')
      verdicts.push(...(await judgeTurn(turn, reply, scope, judge)))
      verdicts.sort((a, b) => a.loc.line - b.loc.line || a.loc.col - b.loc.col)
    }
    const captured = captureValues(turn, reply)
    Object.assign(vars, captured.values)
    verdicts.push(...captured.verdicts)
    // Written out rather than spread: this runs once per turn, and spreads here cost more than
    // the rest of the turn's evaluation.
    const unjudged = verdicts.find((v) => v.errored)
    const status = unjudged ? 'errored' : verdicts.every((v) => v.pass) ? 'passed' : 'failed'
    const result: TurnResult = {
      index: base.index,
      user,
      loc: base.loc,
      fragment: base.fragment,
      status,
      latencyMs,
      ttftMs,
      reply: withoutBody(reply),
      verdicts,
      retries,
    }
    if (unjudged) result.error = { code: unjudged.code, message: `judge: ${(unjudged.actual as { error: string }).error}` }
    if (attempts) result.attempts = attempts
    if (due !== undefined) result.serviceMs = sent.latencyMs
    return result
  } catch (err) {
    const failed: TurnResult = {
      ...base,
      status: 'errored',
      verdicts: [],
      error: toTurnError(err),
      retries: err instanceof EndpointError ? err.retries : 0,
    }
    if (err instanceof EndpointError && err.attempts) failed.attempts = err.attempts
    return failed
  }
}

/** The pause before a turn; an ABORTED error instead when the run ends first (the turn is then not sent). */
async function thinkTime(waits: Waits, ms: number): Promise<TurnResult['error']> {
  try {
    await waits.wait(ms, 'think time')
    return undefined
  } catch (err) {
    if (err instanceof WaitCancelled) return { code: 'ABORTED', message: `turn not sent: ${err.message}` }
    throw err
  }
}

function withoutBody(reply: AssistantReply): Omit<AssistantReply, 'body' | 'toolLoop'> {
  const shown: Omit<AssistantReply, 'body' | 'toolLoop'> = {
    text: reply.text,
    intent: reply.intent,
    confidence: reply.confidence,
    entities: reply.entities,
    action: reply.action,
  }
  // The turn's actions in order (docs/scenarios.md): what `actions:` checks saw, kept in reports.
  if (reply.actions) shown.actions = reply.actions
  if (reply.botMessages) shown.botMessages = reply.botMessages
  if (reply.messages) shown.messages = reply.messages
  if (reply.toolCalls) shown.toolCalls = reply.toolCalls
  return shown
}

function skippedTurn(turn: PlannedTurn, reason: string, vars: Record<string, unknown>): TurnResult {
  const scope = turn.scope ? { ...vars, ...turn.scope } : vars
  return {
    index: turn.index,
    user: renderTemplate(turn.message, scope),
    status: 'skipped',
    skipReason: reason,
    verdicts: [],
    loc: turn.loc,
    fragment: turn.fragment,
    retries: 0,
  }
}

function toTurnError(err: unknown) {
  if (err instanceof EndpointError) return { code: err.code, message: err.message, status: err.status }
  throw err
}

/** errored beats failed beats passed; a conversation whose turns were all skipped is skipped. */
function caseStatus(turns: TurnResult[]): Status {
  if (turns.some((t) => t.status === 'errored')) return 'errored'
  if (turns.some((t) => t.status === 'failed')) return 'failed'
  if (turns.length > 0 && turns.every((t) => t.status === 'skipped')) return 'skipped'
  return 'passed'
}
