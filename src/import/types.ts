import type { SourceLoc } from '../diagnostics/diagnostic.js'
import type { Scenario } from '../core/scenario.types.generated.js'

/** Something in the source that has no banter equivalent; printed and written as a comment. */
export interface Unsupported {
  loc: SourceLoc
  /** What was dropped and why, e.g. `active_loop: restaurant_form (forms are not modelled)`. */
  what: string
}

/** A generator in the format of `scenarios/generators/*.yaml` (`generator:` at the top). */
export interface GeneratorDoc {
  generator: {
    name: string
    description?: string
    tags?: string[]
    slots?: Record<string, string>
    turns: Record<string, unknown>[]
  }
}

/**
 * One file an importer wants written: scenarios (a list) or a single generator. `name` is its path
 * relative to the output directory, without `.yaml` (generators go under `generators/`).
 */
export type ImportedFile =
  | { kind: 'scenarios'; name: string; from: string; data: Scenario[]; unsupported: Unsupported[] }
  | { kind: 'generator'; name: string; from: string; data: GeneratorDoc; unsupported: Unsupported[] }

/** Counts of what a source holds (read) or what banter wrote for it (written). */
export interface Counts {
  /** Stories, test cases, convos. */
  conversations: number
  userTurns: number
  /** Bot messages with something to check (text, bot: steps, #bot text). */
  botMessages: number
  actions: number
  intents: number
  entities: number
}

export function emptyCounts(): Counts {
  return { conversations: 0, userTurns: 0, botMessages: 0, actions: 0, intents: 0, entities: 0 }
}

/** What one importer made of one source file. */
export interface SourceImport {
  files: ImportedFile[]
  read: Counts
}

/** Per source file: what was read, what was written, and what was not carried over. */
export interface SourceFidelity {
  file: string
  read: Counts
  written: Counts
  unsupported: Unsupported[]
}

/** What an importer returns for its input files. Pure data: the CLI writes it. */
export interface ImportResult {
  files: ImportedFile[]
  /** Everything that could not be carried over, across all files, in source order. */
  unsupported: Unsupported[]
  /** One entry per source file, in the order given. */
  fidelity: SourceFidelity[]
}

/** A source file handed to an importer: its path (as given, for messages) and its text. */
export interface SourceText {
  file: string
  text: string
}
