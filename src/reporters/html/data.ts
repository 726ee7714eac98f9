/**
 * The run as the page's script reads it: one compact JSON document embedded once. Keys are short
 * and repeated strings (files, intents, codes) are interned in a table, because a report of
 * 10,000 conversations must stay well under 20 MB.
 *
 * PageCase   {n name, f file#, l line, s status, g tags, d ms, k skip reason?, sid, t turns}
 * PageTurn   {u user, s status, ms?, r reply?, e error?, k skip reason?, l line, f file#?, v verdicts}
 * PageReply  {x text, i intent#?, c confidence?, a action#?, n entities [[type#, value]]}
 * PageVerdict [check#, pass 0|1, code#, expected JSON, actual JSON, line, file#]
 */
import type { CaseResult, Status, TurnResult, Verdict } from '../../results.js'

export interface PageData {
  /** Interned strings; numbers in cases and turns marked # index into it. */
  strings: string[]
  cases: PageCase[]
}

export interface PageCase {
  n: string; f: number; l: number; s: Status; g: number[]; d: number; k?: string; sid: string; t: PageTurn[]
}

export interface PageTurn {
  u: string; s: Status; ms?: number; r?: PageReply; e?: string; k?: string; l: number; f?: number; v: PageVerdict[]
}

export interface PageReply { x: string; i?: number; c?: number; a?: number; n: [number, string][] }

export type PageVerdict = [number, 0 | 1, number, string, string, number, number]

/** Builds the compact page data; the intern table is shared by all cases. */
export function toPageData(cases: readonly CaseResult[]): PageData {
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
  const json = (v: unknown): string => (v === undefined ? '' : JSON.stringify(v))
  const verdict = (v: Verdict): PageVerdict => [intern(v.check), v.pass ? 1 : 0, intern(v.code), json(v.expected), json(v.actual), v.loc.line, intern(v.loc.file)]
  const turn = (t: TurnResult, file: string): PageTurn => {
    const out: PageTurn = { u: t.user, s: t.status, l: t.loc.line, v: t.verdicts.map(verdict) }
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
  const page = cases.map((c): PageCase => {
    const out: PageCase = { n: c.name, f: intern(c.file), l: c.loc.line, s: c.status, g: c.tags.map(intern), d: Math.round(c.durationMs), sid: c.sessionId, t: c.turns.map((t) => turn(t, c.file)) }
    if (c.skipReason) out.k = c.skipReason
    return out
  })
  return { strings, cases: page }
}
