/* Generated from schema/config.schema.json by scripts/gen-types.mjs: do not edit; run npm run gen:types. */

/**
 * How to talk to the assistant under test.
 *
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "Endpoint".
 */
export interface Endpoint {
  /**
   * Full URL of the chat endpoint (for presets: the server's base URL); may contain {{session_id}}, {{session.id}} and other template variables.
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
   * Timeout of one HTTP attempt, covering connect, headers and body. A retry gets a fresh timeout.
   */
  timeout_ms?: number
  /**
   * The protocol: http (generic, configured by the fields below; the default), or a preset. For presets `url` is the server's base URL.
   */
  adapter?: 'http' | 'rasa' | 'openai' | 'directline'
  session?: Session
  tool_results?: ToolResultsRequest
  retry?: Retry
  rasa?: RasaOptions
  openai?: OpenAiOptions
  directline?: DirectLineOptions
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
  /**
   * Path of the reply text; a path that selects a list (e.g. $.messages[*].text) yields several messages.
   */
  reply?: string
  intent?: string
  confidence?: string
  /**
   * Path of the action; default: the last of `actions`, else $.action.
   */
  action?: string
  /**
   * Path of the turn's list of actions, in the order they ran (names, or objects with a name); default $.actions. Without a list, the one `action` is the list.
   */
  actions?: string
  entities?: string | EntityMapping
  /**
   * How to read the body: json, text (the whole body is the reply), or auto by content-type (default).
   */
  format?: 'auto' | 'json' | 'text'
  /**
   * With several messages: join them (default), or a reply check passes when any / all of them satisfy it.
   */
  reply_mode?: 'join' | 'any' | 'all'
  /**
   * Path of the list of tool calls the assistant made, each {name, arguments} or OpenAI's {function: {name, arguments}}; arguments an object or JSON text. Default: none.
   */
  tool_calls?: string
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

/**
 * Requests that open and close a conversation. Values captured from the start response are available as {{session.<name>}}.
 *
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "Session".
 */
export interface Session {
  start?: SessionRequest
  end?: SessionRequest
}

/**
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "SessionRequest".
 */
export interface SessionRequest {
  url: string
  method?: 'POST' | 'PUT' | 'GET' | 'PATCH' | 'DELETE'
  headers?: {
    [k: string]: string
  }
  /**
   * JSON body template; omitted when absent.
   */
  body?: {
    [k: string]: unknown
  }
  /**
   * Session values by name, read from the response by path, e.g. {id: $.session.id}.
   */
  capture?: {
    [k: string]: string
  }
}

/**
 * The generic (http) adapter's tool loop: how tool results go back to the assistant. When a turn has tool_results and the reply calls tools (response.tool_calls), banter sends this request with the results and maps its answer like the message's, until the assistant answers without calling a tool or max_rounds rounds have been answered.
 *
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "ToolResultsRequest".
 */
export interface ToolResultsRequest {
  /**
   * Where the results go; default: endpoint.url. May hold the same template variables.
   */
  url?: string
  /**
   * Default: POST.
   */
  method?: 'POST' | 'PUT' | 'PATCH'
  /**
   * Added to endpoint.headers.
   */
  headers?: {
    [k: string]: string
  }
  /**
   * JSON body template. Besides the message request's variables it has {{tool_results}}: the list of the answered calls, each rendered from `item`.
   */
  body: {
    [k: string]: unknown
  }
  /**
   * JSON template of one answered call, with {{call.id}}, {{call.name}}, {{call.arguments}} and {{result}} (the scenario's result as text). Default: {id: "{{call.id}}", name: "{{call.name}}", content: "{{result}}"}.
   */
  item?: {
    [k: string]: unknown
  }
  /**
   * Rounds of tool results per turn; calls still coming after them fail the turn (TOOL_ROUNDS_EXCEEDED). Default 5.
   */
  max_rounds?: number
}

/**
 * Retries with exponential backoff and full jitter, honouring Retry-After up to max_delay_ms. Default: 3 attempts, on connection_refused, 429 and 503 (requests certainly not processed).
 *
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "Retry".
 */
export interface Retry {
  /**
   * Total attempts, the first included.
   */
  attempts?: number
  on?: (('connection_refused' | 'connection_reset' | 'timeout' | 'network') | number)[]
  /**
   * First backoff ceiling in ms (default 200); doubles per retry, full jitter.
   */
  base_delay_ms?: number
  /**
   * The longest wait before a retry in ms (default 5000): backoff never exceeds it, and a Retry-After asking for longer is not waited for (the attempt's failure stands).
   */
  max_delay_ms?: number
}

/**
 * adapter: rasa. REST channel plus the tracker for intent, entities and the last action.
 *
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "RasaOptions".
 */
export interface RasaOptions {
  /**
   * Sent as ?token= (Rasa's token auth); use ${ENV_VAR}.
   */
  token?: string
  /**
   * Where intent and entities come from (default tracker).
   */
  nlu?: 'tracker' | 'parse' | 'none'
}

/**
 * adapter: openai. Chat completions; the conversation's history is sent every turn.
 *
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "OpenAiOptions".
 */
export interface OpenAiOptions {
  model: string
  /**
   * System prompt, first message of every conversation.
   */
  system?: string
  /**
   * Sent as Authorization: Bearer; use ${OPENAI_API_KEY}.
   */
  api_key?: string
  /**
   * Use server-sent events; records time to first token.
   */
  stream?: boolean
  /**
   * Tool definitions passed through as `tools`.
   */
  tools?: unknown[]
  /**
   * Where the intent comes from: `tool` (the tool call's name), or a path into the reply content parsed as JSON (e.g. $.intent). Default: none.
   */
  intent?: string
  /**
   * Most tool rounds in one turn (the assistant calls tools, banter sends the scenario's tool_results back); the turn fails with TOOL_ROUNDS_EXCEEDED when the assistant still calls tools after them. Default 5.
   */
  max_tool_rounds?: number
  /**
   * Sent as `temperature` (the server's default when absent).
   */
  temperature?: number
  /**
   * Sent as `seed`: with the same seed and request, a model that supports it answers the same.
   */
  seed?: number
}

/**
 * adapter: directline. Bot Framework Direct Line 3.0; `response` paths apply to the bot's reply activity.
 *
 * This interface was referenced by `BanterConfigFileV1`'s JSON-Schema
 * via the `definition` "DirectLineOptions".
 */
export interface DirectLineOptions {
  /**
   * Direct Line secret or token; use ${DIRECTLINE_SECRET}.
   */
  secret: string
  user_id?: string
  poll_interval_ms?: number
  /**
   * Path of the Direct Line API under `url`: /v3/directline (Azure, the default) or /directline (offline-directline). Starts with /, no trailing /.
   */
  base_path?: string
  /**
   * After the bot's first message, how long no new message must arrive before the turn's messages are complete (default: poll_interval_ms). A message with inputHint expectingInput ends the turn at once.
   */
  settle_ms?: number
}

/**
 * Retries with exponential backoff and full jitter, honouring Retry-After up to max_delay_ms. Default: 3 attempts, on connection_refused, 429 and 503 (requests certainly not processed).
 */
export interface Retry1 {
  /**
   * Total attempts, the first included.
   */
  attempts?: number
  on?: (('connection_refused' | 'connection_reset' | 'timeout' | 'network') | number)[]
  /**
   * First backoff ceiling in ms (default 200); doubles per retry, full jitter.
   */
  base_delay_ms?: number
  /**
   * The longest wait before a retry in ms (default 5000): backoff never exceeds it, and a Retry-After asking for longer is not waited for (the attempt's failure stands).
   */
  max_delay_ms?: number
}
