/**
 * Cookies of one conversation: `Set-Cookie: name=value` is stored and sent back on every later
 * request to the endpoint. Path- and domain-agnostic (one endpoint per run); `Max-Age=0` or an
 * `Expires` in the past deletes the cookie.
 */
export interface CookieJar {
  store(setCookie: string | string[] | undefined): void
  /** The Cookie header value, or undefined when the jar is empty. */
  header(): string | undefined
}

export function createCookieJar(now: () => number = Date.now): CookieJar {
  const cookies = new Map<string, string>()
  return {
    store(setCookie) {
      for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
        const [pair = '', ...attrs] = line.split(';')
        const eq = pair.indexOf('=')
        if (eq <= 0) continue
        const name = pair.slice(0, eq).trim()
        if (expired(attrs, now())) cookies.delete(name)
        else cookies.set(name, pair.slice(eq + 1).trim())
      }
    },
    header() {
      return cookies.size === 0 ? undefined : [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    },
  }
}

function expired(attrs: string[], now: number): boolean {
  for (const attr of attrs) {
    const [key = '', value = ''] = attr.split('=').map((s) => s.trim())
    if (key.toLowerCase() === 'max-age' && Number(value) <= 0) return true
    if (key.toLowerCase() === 'expires' && Date.parse(value) <= now) return true
  }
  return false
}
