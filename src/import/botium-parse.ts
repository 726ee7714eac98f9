import type { RawLine } from './botium-step.js'

/**
 * Parser for Botium's text formats, following botium-core's CompilerTxt
 * (github.com/codeforequity-at/botium-core, src/scripting/CompilerTxt.js):
 * - `.convo.txt`: lines before the first section are the header (the first line the name, the
 *   rest the description); a section starts at a line `#me`, `#bot`, `#begin`, `#end` or
 *   `#include` (a sender, optionally followed by a channel: `#bot slack`). Any other line starting
 *   with `#` — `# one hash`, `## two` — is text, as in Botium's `convos_with_hashmark`.
 * - `.utterances.txt`: first line the name, then one utterance per line.
 * Lines end with `\r\n`, `\r` or `\n`.
 */

const BOTIUM_SENDERS = ['begin', 'include', 'me', 'bot', 'end']

export interface RawSection {
  sender: string
  channel?: string
  line: number
  lines: RawLine[]
}

export interface RawConvo {
  name?: string
  description?: string
  sections: RawSection[]
  /** `#word` lines that name no sender: Botium would read them as text; likely a typo. */
  unknownSenders: { name: string; line: number }[]
}

export function parseConvo(text: string): RawConvo {
  const lines = text.split(/\r\n|\r|\n/)
  const header: string[] = []
  const sections: RawSection[] = []
  const unknownSenders: RawConvo['unknownSenders'] = []
  lines.forEach((raw, i) => {
    const sender = raw.startsWith('#') ? raw.slice(1).split(' ')[0]! : undefined
    if (sender !== undefined && BOTIUM_SENDERS.includes(sender)) {
      const channel = raw.slice(1 + sender.length).trim()
      sections.push({ sender, line: i + 1, lines: [], ...(channel ? { channel } : {}) })
      return
    }
    if (sender !== undefined && /^#[a-z]+\s*$/.test(raw)) unknownSenders.push({ name: raw.trim().slice(1), line: i + 1 })
    const current = sections.at(-1)
    if (current) current.lines.push({ value: raw, line: i + 1 })
    else header.push(raw)
  })
  const headerLines = header.map((l) => l.trim())
  while (headerLines.length && !headerLines.at(-1)) headerLines.pop()
  const description = headerLines.slice(1).join('\n').trim()
  return { name: headerLines[0] || undefined, description: description || undefined, sections, unknownSenders }
}

/** `.utterances.txt`: the name, then the utterances (blank lines dropped). */
export function parseUtterances(text: string): { name?: string; utterances: { text: string; line: number }[] } {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((t, i) => ({ text: t.trim(), line: i + 1 }))
    .filter((l) => l.text)
  return { name: lines[0]?.text, utterances: lines.slice(1) }
}
