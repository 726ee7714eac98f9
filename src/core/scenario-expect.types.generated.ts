/* Generated from schema/scenario.schema.json by scripts/gen-types.mjs: do not edit; run npm run gen:types. */

/**
 * An intent name, a list of accepted names, or {name, min_confidence}.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "IntentExpect".
 */
export type IntentExpect =
  | NameOrNames
  | {
      name: NameOrNames
      min_confidence?: number
    }

/**
 * A name, or a list of accepted names.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "NameOrNames".
 */
export type NameOrNames = string | string[]

/**
 * Entities that must be present; with strict: true, no other entity may be present.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "EntitiesExpect".
 */
export type EntitiesExpect =
  | EntityExpect[]
  | {
      strict?: boolean
      items: EntityExpect[]
    }

/**
 * A name, or a list of accepted names.
 */
export type NameOrNames1 = string | string[]

/**
 * The turn's actions, in the order the assistant ran them. A list: exactly these actions, in this order (an empty list: no action). {contains_in_order: [...]}: these actions in this order, others may come before, between and after. {contains: [...]}: each of these actions, in any order.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "ActionsExpect".
 */
export type ActionsExpect =
  | string[]
  | {
      /**
       * @minItems 1
       */
      contains_in_order: string[]
    }
  | {
      /**
       * @minItems 1
       */
      contains: string[]
    }

/**
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "TextOrTexts".
 */
export type TextOrTexts = string | string[]

/**
 * The turn's bot messages, in order. A list: exactly that many messages, the n-th satisfying the n-th check. {contains_in_order: [...]}: messages satisfying these checks in this order, others may come before, between and after. {contains: [...]}: for each check some message satisfies it, in any order.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "MessagesExpect".
 */
export type MessagesExpect =
  | MessageExpect[]
  | {
      /**
       * @minItems 1
       */
      contains_in_order: MessageExpect[]
    }
  | {
      /**
       * @minItems 1
       */
      contains: MessageExpect[]
    }

/**
 * The tool calls the assistant made in this turn, in order (over all tool rounds). A list: exactly these calls, in this order (an empty list: no tool call). {contains_in_order: [...]}: these calls in this order, others may come before, between and after. {contains: [...]}: each of these calls, in any order.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "ToolCallsExpect".
 */
export type ToolCallsExpect =
  | ToolCallExpect[]
  | {
      /**
       * @minItems 1
       */
      contains_in_order: ToolCallExpect[]
    }
  | {
      /**
       * @minItems 1
       */
      contains: ToolCallExpect[]
    }

/**
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "Expect".
 */
export interface Expect {
  intent?: IntentExpect
  entities?: EntitiesExpect
  action?: NameOrNames1
  actions?: ActionsExpect
  reply?: ReplyExpect
  messages?: MessagesExpect
  judge?: JudgeExpect
  /**
   * Latency budget for this turn in milliseconds.
   */
  max_latency_ms?: number
  tool_calls?: ToolCallsExpect
}

/**
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "EntityExpect".
 */
export interface EntityExpect {
  type: string
  /**
   * Omit to require only that an entity of this type is present.
   */
  value?: string | number | boolean
}

/**
 * Checks on the reply text; all that are given must hold. `json_schema` and `json_path` read the reply text as JSON, the last message when the turn has several (see docs/llm-assistants.md "Structured replies"). `matches` (and `not_matches`, which must not match) take JavaScript regular expression syntax, matched in linear time by RE2 (no backreferences or lookahead; see docs/scenarios.md "Regular expressions").
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "ReplyExpect".
 */
export interface ReplyExpect {
  equals?: string
  contains?: TextOrTexts
  not_contains?: TextOrTexts
  matches?: TextOrTexts
  not_matches?: TextOrTexts
  ignore_case?: boolean
  /**
   * The reply text parsed as JSON must be valid against this JSON Schema: the schema itself (draft 2020-12, 2019-09 or 07, chosen by its `$schema`; default 2020-12), or the path of a .json or .yaml file holding it, relative to this scenario file and inside its folder. A schema may refer to other files there by relative `$ref` (`address.json`, `address.json#/$defs/zip`). Each violation is its own failed check.
   */
  json_schema?: string | boolean | Record<string, unknown>
  /**
   * Fields of the reply text parsed as JSON: each path ($.status, $.items[0].qty, $['odd key'], $.items[*].sku) must select a value equal to the given one, compared as entity values are (as text, numbers as numbers). A path with [*] must select at least one value, and every value it selects must match. null matches only a JSON null.
   */
  json_path?: {
    [k: string]: string | number | boolean | null
  }
}

/**
 * Checks on one bot message's text; all that are given must hold. An empty object accepts any message.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "MessageExpect".
 */
export interface MessageExpect {
  equals?: string
  contains?: TextOrTexts
  not_contains?: TextOrTexts
  matches?: TextOrTexts
  not_matches?: TextOrTexts
  ignore_case?: boolean
}

/**
 * Grade the reply against a rubric with the judge model configured under `judge:` in banter.config.yaml (the embedded reference assistant's rule-based judge when banter runs against it). Passes when the judge's score (0..1) is at least min_score.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "JudgeExpect".
 */
export interface JudgeExpect {
  /**
   * What a good reply does, in plain words; may contain {{variables}}.
   */
  rubric: string
  /**
   * Lowest passing score, 0..1 (default 0.7).
   */
  min_score?: number
}

/**
 * One expected tool call: its name and, optionally, its arguments. Arguments match as a subset (the call may have more) unless strict: true. Values compare like entity values (text, or numbers as numbers: 12345 matches "12345"); {matches: regex} matches a value's text with RE2; objects and lists are compared recursively.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "ToolCallExpect".
 */
export interface ToolCallExpect {
  name: string
  arguments?: {}
  /**
   * The arguments must be exactly these: no other keys, at any depth.
   */
  strict?: boolean
}

/**
 * adapter: openai. What each tool returns when the assistant calls it in this turn, by tool name: banter sends it back as a `role: tool` message and the turn's reply is the assistant's answer after the tool rounds. An object, list, number, boolean or null is sent as JSON text; a string as is; a string `file://path` sends the contents of that file (relative to this scenario file, inside its folder).
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "ToolResults".
 */
export interface ToolResults {
  [k: string]: unknown
}
