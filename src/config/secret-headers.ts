import type { Endpoint } from './types.generated.js'

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key'])

/** True for headers whose values are credentials: Authorization, API keys, and any name with "token" or "secret". */
export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase()
  return SECRET_HEADERS.has(lower) || lower.includes('token') || lower.includes('secret') || lower.includes('api-key') || lower.includes('apikey')
}

/**
 * Credentials written in the endpoint config, to be redacted like environment values: secret
 * header values (and the credential after a scheme such as `Bearer `), preset tokens, secrets and
 * API keys. A value with a {{placeholder}} is skipped (its literal parts are not credentials;
 * values it takes from the environment are secrets already).
 */
export function configSecrets(endpoint: Endpoint | undefined): string[] {
  if (!endpoint) return []
  const headerSets = [endpoint.headers, endpoint.session?.start?.headers, endpoint.session?.end?.headers]
  const values = headerSets.flatMap((h) => Object.entries(h ?? {}).filter(([k]) => isSecretHeader(k)).map(([, v]) => v))
  values.push(...[endpoint.rasa?.token, endpoint.openai?.api_key, endpoint.directline?.secret].filter((v): v is string => typeof v === 'string'))
  return values.flatMap(credentialParts).filter((v) => v.length >= 3)
}

function credentialParts(value: string): string[] {
  if (value.includes('{{')) return []
  const part = value.trim()
  const scheme = /^(Bearer|Basic|Token|Bot|ApiKey)\s+(.+)$/i.exec(part)
  return scheme ? [part, scheme[2]!] : [part]
}
