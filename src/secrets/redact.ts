/**
 * Masking secrets in what banter prints. One rule everywhere: every occurrence of a secret value
 * of at least MIN_SECRET_LENGTH characters becomes `***` (shorter values would mangle ordinary
 * text), and text is always redacted before it is shortened, so a cut cannot split a secret into
 * a part that no longer matches. URL userinfo (`user:pass@`) is shown as `***@` whatever its length.
 */

/** Secret values shorter than this are not masked (docs/config-and-adapters.md "Secrets"). */
export const MIN_SECRET_LENGTH = 3

/** A function that replaces every secret in a string with `***`. */
export function redactor(secrets: Iterable<string>): (text: string) => string {
  const list = [...new Set(secrets)].filter(isMaskable).sort((a, b) => b.length - a.length)
  if (list.length === 0) return noRedaction
  return (text) => {
    let out = text
    for (const s of list) if (out.includes(s)) out = out.split(s).join('***')
    return out
  }
}

/** The redactor when there is no secret: callers may skip work when they get this one. */
export const noRedaction = (text: string): string => text

/** True for a value long enough to be masked (see MIN_SECRET_LENGTH). */
function isMaskable(value: string): boolean {
  return value.length >= MIN_SECRET_LENGTH
}

const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*@/gi

/** `http://user:pass@host/…` → `http://***@host/…`, for every URL in the text. */
export function maskUrlCredentials(text: string): string {
  return text.includes('@') ? text.replace(USERINFO, '$1***@') : text
}

/**
 * The userinfo of a URL (`user:pass` in `http://user:pass@host/`), as written and decoded, its
 * password alone, and the HTTP Basic credential it stands for: values to mask wherever they appear
 * (an error that echoes the URL, a server that echoes the Authorization header).
 */
export function urlCredentialValues(url: string): string[] {
  const split = splitUserinfo(url)
  if (!split.userinfo) return []
  const raw = split.userinfo
  const colon = raw.indexOf(':')
  const parts = [raw, ...(colon === -1 ? [] : [raw.slice(colon + 1)])]
  return [...new Set([...parts.flatMap((p) => [p, safeDecode(p)]), basicCredential(raw)])].filter((p) => p !== '')
}

/** A URL without its userinfo, and the userinfo (`user:pass`, as written) if it had one. */
function splitUserinfo(url: string): { url: string; userinfo?: string } {
  const m = /^(\s*[a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i.exec(url)
  return m ? { url: m[1]! + url.slice(m[0].length), userinfo: m[2]! } : { url }
}

/** The base64 credential of `Authorization: Basic` for a URL's userinfo (percent-decoded). */
function basicCredential(userinfo: string): string {
  const colon = userinfo.indexOf(':')
  const [user, pass] = colon === -1 ? [userinfo, ''] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)]
  return Buffer.from(`${safeDecode(user)}:${safeDecode(pass)}`).toString('base64')
}

/**
 * Credentials in a URL (`https://user:pass@host/…`) become an `Authorization: Basic` header, as
 * curl and browsers send them, unless `headers` already has an Authorization; the URL loses them.
 */
export function withUrlCredentials(url: string, headers: Record<string, string>): { url: string; headers: Record<string, string> } {
  const split = splitUserinfo(url)
  if (split.userinfo === undefined) return { url, headers }
  const has = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization')
  return { url: split.url, headers: has ? headers : { ...headers, authorization: `Basic ${basicCredential(split.userinfo)}` } }
}

/** Percent-decoded text, or the text itself when it is not valid percent-encoding. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * `text` redacted, then flattened to one line and cut to `max` characters with an ellipsis: the
 * only way banter shortens text that may hold a secret (error bodies, stream events).
 */
export function clip(text: string, max: number, redact: (text: string) => string): string {
  const flat = redact(text).replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}
