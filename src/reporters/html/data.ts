/**
 * The run as the page's script reads it: one compact JSON document embedded once. Keys are short
 * and repeated strings (files, intents, codes) are interned in a table, because a report of
 * 10,000 conversations must stay well under 20 MB.
 *
 * The document {strings: interned strings (numbers marked # index them), cases: PageCase[]}.
 * PageCase   {n name, f file#, l line, s status, g tags, d ms, k skip reason?, sid, t turns, fb feedback?, r [run, of]?}
 * PageTurn   {u user, s status, ms?, r reply?, e error?, k skip reason?, l line, f file#?, v verdicts}
 * PageReply  {x text, i intent#?, c confidence?, a action#?, n entities [[type#, value]]}
 * PageVerdict [check#, state 0 failed|1 passed|2 errored (the judge could not grade), code#, expected, actual, line, file#?]
 *
 * A verdict's expected and actual values are interned as JSON text: -1 when absent, -2 for
 * "the reply's text" (what reply checks compare against, so it is not stored twice).
 */
import type { CaseFeedback, CaseResult, Status, TurnResult } from '../../report/model.js'
import type { Verdict } from '../../report/verdict.js'

interface PageCase {
  n: string
  f: number
  l: number
  s: Status
  g: number[]
  d: number
  k?: string
  sid: string
  t: PageTurn[]
  fb?: CaseFeedback
  /** Repeated runs: which run this is, of how many. */
  r?: [number, number]
}

interface PageTurn {
  u: string
  s: Status
  ms?: number
  r?: PageReply
  e?: string
  k?: string
  l: number
  f?: number
  v: PageVerdict[]
}

interface PageReply {
  x: string
  i?: number
  c?: number
  a?: number
  n: [number, string][]
}

type PageVerdict = [number, VerdictState, number, number, number, number, number?]

/** A verdict's state: an errored one (`errored: true`) is neither a pass nor a failure. */
type VerdictState = 0 | 1 | 2
const FAILED = 0
const PASSED = 1
const ERRORED = 2

/** Marks a verdict value that is absent, or that is the turn's reply text. */
const NO_VALUE = -1
const REPLY_TEXT = -2

/**
 * Converts cases one at a time, interning into one table: converting the same cases again in the
 * same order gives the same numbers, so a streamed page can fill the table in a first pass and
 * write the cases in a second (see page.ts).
 */
export function pageDataBuilder(): { strings: string[]; pageCase: (c: CaseResult) => PageCase } {
  const strings: string[] = []
  const index = new Map<string, number>()
  const intern = (s: string): number => {
    let i = index.get(s)
    if (i === undefined) {
      i = strings.push(s) - 1
      index.set(s, i)
    }
    return i
  }
  const value = (v: unknown, replyText: string | undefined): number => {
    if (v === undefined) return NO_VALUE
    if (v === replyText) return REPLY_TEXT
    return intern(JSON.stringify(v))
  }
  const verdict = (v: Verdict, t: TurnResult, file: string): PageVerdict => {
    const out: PageVerdict = [
      intern(v.check),
      v.errored ? ERRORED : v.pass ? PASSED : FAILED,
      intern(v.code),
      value(v.expected, undefined),
      value(v.actual, t.reply?.text),
      v.loc.line,
    ]
    if (v.loc.file !== file) out.push(intern(v.loc.file))
    return out
  }
  const turn = (t: TurnResult, file: string): PageTurn => {
    const out: PageTurn = { u: t.user, s: t.status, l: t.loc.line, v: t.verdicts.map((v) => verdict(v, t, file)) }
    if (t.loc.file !== file) out.f = intern(t.loc.file)
    if (t.latencyMs !== undefined) out.ms = Math.round(t.latencyMs)
    if (t.reply) {
      const r: PageReply = { x: t.reply.text, n: t.reply.entities.map((e) => [intern(e.type), e.value]) }
      if (t.reply.intent !== undefined) r.i = intern(t.reply.intent)
      if (t.reply.confidence !== undefined) r.c = t.reply.confidence
      if (t.reply.action !== undefined) r.a = intern(t.reply.action)
      out.r = r
    }
    if (t.error) out.e = `${t.error.code}: ${t.error.message}`
    if (t.skipReason) out.k = t.skipReason
    return out
  }
  const pageCase = (c: CaseResult): PageCase => {
    const out: PageCase = {
      n: c.name,
      f: intern(c.file),
      l: c.loc.line,
      s: c.status,
      g: c.tags.map(intern),
      d: Math.round(c.durationMs),
      sid: c.sessionId,
      t: c.turns.map((t) => turn(t, c.file)),
    }
    if (c.skipReason) out.k = c.skipReason
    if (c.feedback) out.fb = c.feedback
    if (c.repeat) out.r = [c.repeat.index, c.repeat.of]
    return out
  }
  return { strings, pageCase }
}
