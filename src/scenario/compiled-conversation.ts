import type { SourceLoc } from '../diagnostics/diagnostic.js'
import type { DataPath } from '../diagnostics/yaml-source.js'
import type { CompiledPath } from '../template/path.js'
import type { Template } from '../template/template.js'
import type { ReplyPattern } from './regex.js'
import type { ReplyValidator } from './reply-schema.js'

/**
 * The loaded, checked and expanded form of a scenario that the runner executes: includes are
 * inlined, templates and paths compiled, and every expectation carries its source position so a
 * failed check points at the line that made it.
 */
export interface Conversation {
  /** Stable id: unique within a run, used for selection, sharding and replay. */
  id: string
  name: string
  description?: string
  tags: string[]
  /** Path of the scenario file relative to the working directory. */
  file: string
  loc: SourceLoc
  skip?: string
  variables: Record<string, string | number | boolean>
  turns: PlannedTurn[]
  /** The scenario's closing feedback step, sent after the last turn. */
  feedback?: PlannedFeedback
  /** Set on each run of a repeated conversation (--repeat): which run it is, from 1 to `of`. */
  repeat?: { index: number; of: number }
}

/** User feedback on a conversation (satisfaction 1-5, resolved), sent to the feedback endpoint. */
export interface PlannedFeedback {
  satisfaction: number
  resolved: boolean
  comment?: string
  loc: SourceLoc
}

export interface PlannedTurn {
  index: number
  message: Template
  loc: SourceLoc
  /** The fragment this turn came from, if it was included. */
  fragment?: string
  /** Variables from `include … with:`, visible to this turn only. */
  scope?: Record<string, string | number | boolean>
  checks: Check[]
  captures: Capture[]
  /** `tool_results:`: what each tool returns when the assistant calls it in this turn. */
  toolResults?: PlannedToolResults
}

/** A turn's tool results by tool name, and where `tool_results:` is written. */
export interface PlannedToolResults {
  loc: SourceLoc
  tools: Record<string, ToolResultSource>
}

/**
 * One tool's result: a value sent as JSON text (its strings may hold {{variables}}), a text sent
 * as is, or a file (`file://path`) whose text is read when the scenario loads (scenario/tool-result-files.ts).
 */
export type ToolResultSource =
  | { kind: 'json'; value: ValueTemplate; loc: SourceLoc }
  | { kind: 'text'; template: Template; loc: SourceLoc }
  | { kind: 'file'; ref: string; loc: SourceLoc; lineText: string; text?: string }

/** A JSON value whose strings are compiled templates. */
export type ValueTemplate =
  | { kind: 'text'; template: Template }
  | { kind: 'literal'; value: number | boolean | null }
  | { kind: 'object'; entries: [string, ValueTemplate][] }
  | { kind: 'list'; items: ValueTemplate[] }

/**
 * How one expected value (a tool call argument) is matched: a template or a number/boolean/null
 * compared like an entity value, a regular expression (`{matches: …}`), or an object or list
 * compared key by key / item by item.
 */
export type ValueMatcher =
  | { kind: 'text'; template: Template }
  | { kind: 'literal'; value: number | boolean | null }
  | { kind: 'regex'; pattern: ReplyPattern }
  | { kind: 'object'; entries: [string, ValueMatcher][] }
  | { kind: 'list'; items: ValueMatcher[] }

/** One expected tool call. */
export interface ToolCallMatcher {
  name: Template
  /** Absent: any arguments. */
  arguments?: ValueMatcher
  strict: boolean
  loc: SourceLoc
  /** Where the expected name is written, with its line (UNKNOWN_TOOL points there). */
  nameAt: { loc: SourceLoc; lineText: string; length: number }
}

export interface Capture {
  name: string
  path: CompiledPath
  loc: SourceLoc
}

type NameList = Template[]

/** One expectation, compiled. Each kind is checked by its own matcher under src/evaluate/. */
export type Check =
  | { kind: 'intent'; loc: SourceLoc; names: NameList; minConfidence?: number }
  | { kind: 'entities'; loc: SourceLoc; strict: boolean; items: { type: string; value?: Template }[] }
  | { kind: 'action'; loc: SourceLoc; names: NameList }
  | { kind: 'reply'; loc: SourceLoc; op: 'equals' | 'contains' | 'not_contains'; text: Template; ignoreCase: boolean }
  | { kind: 'reply'; loc: SourceLoc; op: 'matches' | 'not_matches'; pattern: ReplyPattern }
  | { kind: 'latency'; loc: SourceLoc; maxMs: number }
  | { kind: 'actions'; loc: SourceLoc; mode: SequenceMode; names: NameList }
  | { kind: 'messages'; loc: SourceLoc; mode: SequenceMode; items: MessageCheck[] }
  | { kind: 'tool_calls'; loc: SourceLoc; mode: SequenceMode; items: ToolCallMatcher[] }
  | JsonSchemaCheck
  | { kind: 'json_path'; loc: SourceLoc; path: CompiledPath; value: JsonPathValue }
  | { kind: 'judge'; loc: SourceLoc; rubric: Template; minScore: number }

/**
 * `reply.json_schema`: `ref` is how the scenario names the schema (`inline`, or the file path as
 * written). An inline schema is compiled with the scenario; a file's `validate` is filled in by
 * attachSchemaFiles (scenario/reply-schema-files.ts) once every file is read, so each file is read
 * and compiled once.
 */
export interface JsonSchemaCheck {
  kind: 'json_schema'
  loc: SourceLoc
  ref: string
  /** For a file: the scenario file naming it (relative to the cwd), which `ref` is relative to. */
  from?: string
  /**
   * An inline schema that refers to other files (`$ref: common.json`): compiled, like a file,
   * once they are read (`from` is then the scenario file, `path` where the schema is in it).
   */
  inline?: { schema: unknown; path: DataPath }
  validate?: ReplyValidator
}

/** An expected `reply.json_path` value: null, or a text (templated) compared as entity values are. */
type JsonPathValue = null | { text: Template; shown: string | number | boolean }

/**
 * How a list expectation compares with the turn's list: `exact` (same length, item by item),
 * `in_order` (a subsequence: others may come before, between, after), `contains` (each item
 * somewhere, any order).
 */
export type SequenceMode = 'exact' | 'in_order' | 'contains'

/** The reply checks of one expected bot message (none: any message). */
export type MessageCheck = Extract<Check, { kind: 'reply' }>[]
