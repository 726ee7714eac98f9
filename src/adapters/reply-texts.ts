import type { AssistantReply } from '../report/model.js'

/** The reply fields for a list of message texts: joined, plus each one for reply_mode any/all. */
export function replyTexts(texts: string[], mode: 'join' | 'any' | 'all' = 'join'): Pick<AssistantReply, 'text' | 'messages'> {
  const kept = texts.filter((t) => t !== '')
  return { text: kept.join('\n'), ...(mode !== 'join' ? { messages: { mode, texts: kept } } : {}) }
}

/** Joins a base URL and a path without doubling the slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`
}
