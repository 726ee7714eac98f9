/**
 * An incremental parser for server-sent events as OpenAI-compatible servers send them:
 * `data: {json}` lines, blank lines between events, `data: [DONE]` at the end. Feed it chunks as
 * they arrive; it calls `onData` with each event's data string, and its `event:` name if it had one
 * (some servers send `event: error` before an error's data).
 */
export function createSseParser(onData: (data: string, event?: string) => void): { push(chunk: string): void; end(): void } {
  let buffer = ''
  let data: string[] = []
  let event: string | undefined
  const line = (raw: string) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (text === '') {
      if (data.length > 0) onData(data.join('\n'), event)
      data = []
      event = undefined
    } else if (text.startsWith('data:')) {
      data.push(text.slice(5).replace(/^ /, ''))
    } else if (text.startsWith('event:')) {
      event = text.slice(6).trim()
    }
  }
  return {
    push(chunk) {
      buffer += chunk
      let nl: number
      while ((nl = buffer.indexOf('\n')) !== -1) {
        line(buffer.slice(0, nl))
        buffer = buffer.slice(nl + 1)
      }
    },
    end() {
      if (buffer !== '') line(buffer)
      line('')
      buffer = ''
    },
  }
}
