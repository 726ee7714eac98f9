import type { EndpointConfig } from '../adapters/endpoint.js'
import { DEFAULT_BODY } from '../adapters/http.js'
import { isHttpUrl, type ResolvedConfig } from '../config/load-config.js'
import { maskUrlCredentials, withUrlCredentials } from '../secrets/redact.js'
import { inputError } from '../core/errors.js'

/** The endpoint a run talks to, and how to release it (an endpoint started for the run is stopped). */
export interface ResolvedEndpoint {
  http: EndpointConfig
  /** How the console names it, when not by its URL. */
  label?: string
  /** A judge the started endpoint offers (the reference assistant's rule-based one): the default judge. */
  judgeUrl?: string
  close?: () => Promise<void>
}

/** An endpoint speaking banter's default JSON shape, started for one run and stopped after it. */
interface StartedEndpoint {
  /** The chat URL. */
  url: string
  /** Where feedback steps are POSTed, if it takes them. */
  feedbackUrl?: string
  /** How the console names it, when not by its URL. */
  label?: string
  /** Base URL of an OpenAI-compatible judge it offers, used when the config names no judge. */
  judgeUrl?: string
  close(): Promise<void>
}

/**
 * Starts the endpoint used when neither --endpoint nor the config names one: the CLI passes the
 * embedded reference assistant (cli/embedded-assistant.ts). `connections` is how many
 * conversations the run holds at once, to size what the endpoint keeps per session.
 */
export type EndpointStarter = (opts: { connections: number }) => Promise<StartedEndpoint>

export interface EndpointChoice {
  /** `--endpoint URL`: banter's default JSON shape; wins over the config. */
  endpoint?: string
  /** Resolved: --timeout, else the config's `endpoint.timeout_ms`, else the default (options/resolve-run-settings.ts). */
  timeoutMs: number
  /** Conversations at once (see EndpointStarter). */
  concurrency: number
  /** Starts the endpoint when neither `endpoint` nor the config names one. */
  defaultEndpoint?: EndpointStarter
}

/** `--endpoint`, else the config's endpoint, else the one `choice.defaultEndpoint` starts. */
export async function resolveEndpoint(choice: EndpointChoice, config: ResolvedConfig): Promise<ResolvedEndpoint> {
  const timeoutMs = choice.timeoutMs
  if (choice.endpoint) {
    if (!isHttpUrl(choice.endpoint))
      throw inputError(
        'INVALID_ENDPOINT',
        `--endpoint: not an http(s) URL: "${maskUrlCredentials(choice.endpoint)}"`,
        'for example --endpoint http://127.0.0.1:5005/chat',
      )
    return { http: { ...withUrlCredentials(choice.endpoint, {}), method: 'POST', body: DEFAULT_BODY, timeoutMs } }
  }
  if (config.endpoint) return { http: { ...config.endpoint, timeoutMs } }
  if (!choice.defaultEndpoint)
    throw inputError(
      'NO_ENDPOINT',
      'no endpoint to talk to: neither an endpoint URL nor a config endpoint was given',
      'pass --endpoint http://127.0.0.1:5005/chat, or set endpoint.url in banter.config.yaml',
    )
  const started = await choice.defaultEndpoint({ connections: choice.concurrency })
  return {
    http: {
      url: started.url,
      method: 'POST',
      headers: {},
      body: DEFAULT_BODY,
      timeoutMs,
      ...(started.feedbackUrl !== undefined ? { feedbackUrl: started.feedbackUrl } : {}),
    },
    ...(started.label !== undefined ? { label: started.label } : {}),
    ...(started.judgeUrl !== undefined ? { judgeUrl: started.judgeUrl } : {}),
    close: () => started.close(),
  }
}
