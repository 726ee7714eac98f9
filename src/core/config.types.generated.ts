/* Generated from schema/config.schema.json by scripts/gen-types.mjs: do not edit; run npm run gen:types. */
import type { Endpoint, Retry1 } from './config-endpoint.types.generated.js'
export type * from './config-endpoint.types.generated.js'

/**
 * Alerts as `metric op number` (op one of > >= < <= == !=), alerting when true: a map of name to expression (false disables a default), or a list of { name, alert }.
 *
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "Thresholds".
 */
export type Thresholds =
  | {
      [k: string]: string | false
    }
  | NamedThreshold[]

/**
 * banter.config.yaml: the endpoint under test and run defaults. String values may read environment variables as ${NAME}.
 */
export interface BanterConfigFileV1 {
  endpoint?: Endpoint
  judge?: Judge
  /**
   * Default scenario paths (files, directories or globs) when none are given on the command line; relative to this config file's folder.
   */
  scenarios?: string[]
  /**
   * Extra paths that hold fragment files, loaded with every run; relative to this config file's folder.
   */
  fragments?: string[]
  concurrency?: number
  /**
   * Reporters, as on the command line (`junit:path/junit.xml`); a file path is relative to this config file's folder.
   */
  reporters?: string[]
  /**
   * Directory for report files; relative to this config file's folder.
   */
  out?: string
  /**
   * Maximum requests per second across the whole run (all conversations, retries included).
   */
  rate?: number
  /**
   * Pause between two turns of a conversation, in ms.
   */
  think_time_ms?: number
  /**
   * Run each conversation this many times, each in a fresh session (--repeat overrides); a conversation is then passed, failed or flaky (docs/llm-assistants.md, "Repeats and flaky conversations").
   */
  repeat?: number
  /**
   * Names of environment variables whose values are masked (***) in every output wherever they appear, besides the credentials banter recognises itself (docs/config-and-adapters.md "Secrets").
   */
  secrets?: string[]
  /**
   * Name of this suite in metrics (the Prometheus `suite` label); default: the scenario paths.
   */
  suite?: string
  metrics?: MetricsOptions
  thresholds?: Thresholds
}

/**
 * The model that grades replies against `judge:` rubrics in scenarios (docs/llm-assistants.md "Grading with a judge model"). Without it, judge expectations run only against the embedded reference assistant, whose rule-based judge is then the default.
 *
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "Judge".
 */
export interface Judge {
  /**
   * The judge's protocol: OpenAI-compatible chat completions (the default and only one).
   */
  adapter?: 'openai'
  /**
   * The judge server's base URL, e.g. https://api.openai.com/v1 (…/chat/completions is added, as for the openai adapter).
   */
  url: string
  model: string
  /**
   * Sent as Authorization: Bearer; use ${JUDGE_KEY}. Masked in every output.
   */
  api_key?: string
  /**
   * Extra request headers (e.g. api-key for Azure OpenAI); values of credential headers are masked.
   */
  headers?: {
    [k: string]: string
  }
  /**
   * Timeout of one judge request attempt (default 30000).
   */
  timeout_ms?: number
  /**
   * Judge requests at once, whatever the run's concurrency (default 4).
   */
  concurrency?: number
  /**
   * Most judge requests per second, retries included (default: no limit).
   */
  rate?: number
  retry?: Retry1
  /**
   * Keep grades on disk and reuse them (default true).
   */
  cache?: boolean
  /**
   * Folder of the grade cache, relative to this config file's folder (default .banter-cache/judge).
   */
  cache_dir?: string
}

/**
 * Which intent and action names count as a fallback or an escalation in the run metrics.
 *
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "MetricsOptions".
 */
export interface MetricsOptions {
  /**
   * Default [fallback].
   */
  fallback_intents?: string[]
  /**
   * Default [fallback].
   */
  fallback_actions?: string[]
  /**
   * Default [escalate_to_human].
   */
  escalation_actions?: string[]
}

/**
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "NamedThreshold".
 */
export interface NamedThreshold {
  name?: string
  /**
   * metric op number, for example fallback_rate > 0.2
   */
  alert: string
}
