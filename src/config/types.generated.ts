/* Generated from schema/config.schema.json by scripts/gen-types.mjs: do not edit; run npm run gen:types. */

/**
 * banter.config.yaml: the endpoint under test and run defaults. String values may read environment variables as ${NAME}.
 */
export interface BanterConfigFileV1 {
  endpoint?: Endpoint
  /**
   * Default scenario paths (files, directories or globs) when none are given on the command line.
   */
  scenarios?: string[]
  /**
   * Extra paths that hold fragment files, loaded with every run.
   */
  fragments?: string[]
  concurrency?: number
  reporters?: string[]
  /**
   * Directory for report files.
   */
  out?: string
}
/**
 * How to talk to the assistant under test.
 *
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "Endpoint".
 */
export interface Endpoint {
  /**
   * Full URL of the chat endpoint; may contain {{session_id}} and other template variables.
   */
  url: string
  method?: 'POST' | 'PUT' | 'GET' | 'PATCH'
  headers?: {
    [k: string]: string
  }
  /**
   * Request body template (JSON). Strings may hold {{message}}, {{session_id}}, {{user_id}}, {{turn}} and scenario variables as {{vars.name}}. A string that is exactly one {{placeholder}} keeps the value's type.
   */
  body?: {
    [k: string]: unknown
  }
  response?: ResponseMapping
  /**
   * Per-turn timeout covering connect, headers and body.
   */
  timeout_ms?: number
  /**
   * URL that scenario feedback steps are POSTed to as JSON {session_id, user_id, satisfaction, resolved, comment}, with the endpoint's headers. Without it, feedback steps are skipped.
   */
  feedback_url?: string
}
/**
 * Where banter finds each part of the reply in the response body, as paths like $.intent.name or $.messages[0].text.
 *
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "ResponseMapping".
 */
export interface ResponseMapping {
  reply?: string
  intent?: string
  confidence?: string
  action?: string
  entities?: string | EntityMapping
}
/**
 * A list of entities at `path`, each item's type and value found by the relative paths `type` and `value`.
 *
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "EntityMapping".
 */
export interface EntityMapping {
  path: string
  type?: string
  value?: string
}
