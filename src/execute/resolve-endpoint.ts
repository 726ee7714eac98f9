import { startAssistant } from '../assistant/server.js'
import { DEFAULT_BODY, type HttpEndpoint } from '../adapters/http.js'
import { DEFAULT_TIMEOUT_MS, isHttpUrl, type ResolvedConfig } from '../config/load-config.js'
import { inputError } from '../errors.js'

/** The endpoint a run talks to, and how to release it (the embedded assistant is stopped). */
export interface ResolvedEndpoint {
  http: HttpEndpoint
  /** How the console names it, when not by its URL. */
  label?: string
  close?: () => Promise<void>
}

export interface EndpointChoice {
  /** `--endpoint URL`: banter's default JSON shape; wins over the config. */
  endpoint?: string
  timeoutMs?: number
}

/**
 * `--endpoint`, else the config's endpoint, else the reference assistant started in-process on a
 * free loopback port (the embedded default, so banter runs out of the box). Shared by `run` and
 * `record`.
 */
export async function resolveEndpoint(choice: EndpointChoice, config: ResolvedConfig): Promise<ResolvedEndpoint> {
  const timeoutMs = choice.timeoutMs ?? config.endpoint?.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (choice.endpoint) {
    if (!isHttpUrl(choice.endpoint)) throw inputError('INVALID_ENDPOINT', `--endpoint: not an http(s) URL: "${choice.endpoint}"`, 'for example --endpoint http://127.0.0.1:5005/chat')
    return { http: { url: choice.endpoint, method: 'POST', headers: {}, body: DEFAULT_BODY, timeoutMs } }
  }
  if (config.endpoint) return { http: { ...config.endpoint, timeoutMs } }
  const assistant = await startAssistant({ port: 0, host: '127.0.0.1' })
  return {
    http: { url: `${assistant.url}/chat`, method: 'POST', headers: {}, body: DEFAULT_BODY, timeoutMs },
    label: `the embedded reference assistant (${assistant.url})`,
    close: () => assistant.close(),
  }
}
