/* Generated from schema/scenario.schema.json by scripts/gen-types.mjs: do not edit; run npm run gen:types. */
import type { Expect, ToolResults } from './scenario-expect.types.generated.js'
import type { GeneratorFile } from './scenario-generator.types.generated.js'
export type * from './scenario-expect.types.generated.js'
export type * from './scenario-generator.types.generated.js'

/**
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "ScenarioFile".
 */
export type ScenarioFile = Scenario | Scenario[] | FragmentFile | GeneratorFile

/**
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "Step".
 */
export type Step = Turn | Include | FeedbackStep

/**
 * One scenario, a list of scenarios, a file of reusable fragments, or a conversation generator. Point editors at this file with `# yaml-language-server: $schema=<path to this file>`.
 */
export interface BanterScenarioFileV1 {
  [k: string]: unknown
}

/**
 * A multi-turn conversation with expectations for each turn.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "Scenario".
 */
export interface Scenario {
  /**
   * Unique name of the scenario; shown in every report.
   */
  name: string
  description?: string
  /**
   * Labels for selection with --tag and for breakdowns.
   */
  tags?: string[]
  /**
   * Skip this scenario: true, or a reason.
   */
  skip?: boolean | string
  variables?: Variables
  /**
   * @minItems 1
   */
  turns: Step[]
}

/**
 * Values available as {{name}} in messages and expectations.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "Variables".
 */
export interface Variables {
  [k: string]: string | number | boolean
}

/**
 * Insert the turns of a named fragment here.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "Include".
 */
export interface Include {
  /**
   * Name of a fragment defined in a fragments file.
   */
  include: string
  with?: Variables
}

/**
 * The user's feedback on the conversation, sent to the assistant's feedback endpoint after the last turn. Only as the scenario's last step.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "FeedbackStep".
 */
export interface FeedbackStep {
  feedback: {
    /**
     * How satisfied the user was, 1 (not at all) to 5 (very).
     */
    satisfaction: number
    /**
     * Whether the user's problem was resolved.
     */
    resolved: boolean
    comment?: string
  }
}

/**
 * One user message and what the assistant's answer must satisfy.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "Turn".
 */
export interface Turn {
  /**
   * The user's message; may contain {{variables}}.
   */
  user: string
  expect?: Expect
  tool_results?: ToolResults
  /**
   * Variables to set from this turn's response, each a path such as $.intent.name or $.entities[0].value.
   */
  capture?: {
    [k: string]: string
  }
}

/**
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "FragmentFile".
 */
export interface FragmentFile {
  fragments: {
    [k: string]: Fragment
  }
}

/**
 * A named sequence of turns that scenarios include with `- include: name`.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "Fragment".
 */
export interface Fragment {
  description?: string
  /**
   * @minItems 1
   */
  turns: Turn[]
}
