import type { TurnResult } from '../report/model.js'

/**
 * Longest text kept per field of a turn in results and reports (the user message, the reply,
 * each message, intent, action, entity values, a check's expected and actual texts). Checks always
 * run on the whole reply; only what is kept is cut, so forty 7 MB replies make a report of a few
 * MB, not one past V8's string limit.
 */
export const KEEP_CHARS = 100_000

/** Longest list kept (entities, messages, a check's actual entities): the first ones are kept. */
export const KEEP_ITEMS = 1_000

/** How far into a turn's reply and verdicts texts are looked for (their shapes are shallow). */
const MAX_DEPTH = 6

/**
 * The turn as kept: every text longer than KEEP_CHARS cut, with a visible marker at the cut, every
 * list longer than KEEP_ITEMS cut to its first items, and `truncated` naming each cut field (e.g.
 * `reply.text`, `reply.entities`) with its original length in characters or items.
 * A turn with no long text is returned as it is.
 */
export function keepTurn(turn: TurnResult, redact: (text: string) => string = (t) => t): TurnResult {
  if (!hasLong(turn.user, 0) && !hasLong(turn.reply, 0) && !hasLong(turn.verdicts, 0)) return turn
  const cuts: Record<string, number> = {}
  return {
    ...turn,
    user: cutDeep(turn.user, 'user', 0, cuts, redact) as string,
    ...(turn.reply ? { reply: cutDeep(turn.reply, 'reply', 0, cuts, redact) as TurnResult['reply'] } : {}),
    verdicts: cutDeep(turn.verdicts, 'verdicts', 0, cuts, redact) as TurnResult['verdicts'],
    truncated: cuts,
  }
}

// Plain loops, no callbacks: every turn of a run is looked through.
function hasLong(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.length > KEEP_CHARS
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) {
    if (value.length > KEEP_ITEMS) return true
    for (let i = 0; i < value.length; i++) if (hasLong(value[i], depth + 1)) return true
    return false
  }
  for (const k in value) if (hasLong((value as Record<string, unknown>)[k], depth + 1)) return true
  return false
}

type Redact = (text: string) => string

function cutDeep(value: unknown, where: string, depth: number, cuts: Record<string, number>, redact: Redact): unknown {
  if (typeof value === 'string') {
    if (value.length <= KEEP_CHARS) return value
    cuts[where] = value.length
    // Secrets are masked before the cut: a token straddling it would otherwise keep its first part.
    return `${redact(value).slice(0, KEEP_CHARS)}… [cut: ${value.length} characters in all]`
  }
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    if (value.length > KEEP_ITEMS) cuts[where] = value.length
    return value.slice(0, KEEP_ITEMS).map((v, i) => cutDeep(v, `${where}[${i}]`, depth + 1, cuts, redact))
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutDeep(v, `${where}.${k}`, depth + 1, cuts, redact)]))
}
