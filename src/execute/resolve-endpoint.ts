import { startAssistant } from '../assistant/server.js'
import type { EndpointConfig } from '../adapters/endpoint.js'
import { DEFAULT_BODY } from '../adapters/http.js'
import { DEFAULT_TIMEOUT_MS, isHttpUrl, type ResolvedConfig } from '../config/load-config.js'
import { maskUrlCredentials, withUrlCredentials } from '../secrets/redact.js'
import { inputError } from '../core/errors.js'

/** The endpoint a run talks to, and how to release it (the embedded assistant is stopped). */
export interface ResolvedEndpoint {
  http: EndpointConfig
  /** How the console names it, when not by its URL. */
  label?: string
  /** The embedded reference assistant's base URL, when that is the endpoint (its rule-based judge is then the default judge). */
  embeddedUrl?: string
  close?: () => Promise<void>
}

export interface EndpointChoice {
  /** `--endpoint URL`: banter's default JSON shape; wins over the config. */
  endpoint?: string
  timeoutMs?: number
  /** Conversations at once: sizes the embedded assistant's session store. */
  concurrency: number
  /** TEST ONLY: options for the embedded reference assistant. */
  assistant?: { misclassifyWord?: string }
}

/**
 * `--endpoint`, else the config's endpoint, else the reference assistant started in-process on a
 * free loopback port (the embedded default, so banter runs out of the box).
 */
export async function resolveEndpoint(choice: EndpointChoice, config: ResolvedConfig): Promise<ResolvedEndpoint> {
  const timeoutMs = choice.timeoutMs ?? config.endpoint?.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (choice.endpoint) {
    if (!isHttpUrl(choice.endpoint)) throw inputError('INVALID_ENDPOINT', `--endpoint: not an http(s) URL: "${maskUrlCredentials(choice.endpoint)}"`, 'for example --endpoint http://127.0.0.1:5005/chat')
    return { http: { ...withUrlCredentials(choice.endpoint, {}), method: 'POST', body: DEFAULT_BODY, timeoutMs } }
  }
  if (config.endpoint) return { http: { ...config.endpoint, timeoutMs } }
  // Sessions only matter while a conversation is in flight; a small store keeps long runs flat.
  const maxSessions = Math.max(1000, choice.concurrency * 10)
  const assistant = await startAssistant({ port: 0, host: '127.0.0.1', maxSessions, misclassifyWord: choice.assistant?.misclassifyWord })
  return {
    http: { url: `${assistant.url}/chat`, method: 'POST', headers: {}, body: DEFAULT_BODY, timeoutMs, feedbackUrl: `${assistant.url}/feedback` },
    label: `the embedded reference assistant (${assistant.url})`,
    embeddedUrl: assistant.url,
    close: () => assistant.close(),
  }
}
