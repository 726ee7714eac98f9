/* Generated from schema/scenario.schema.json by scripts/gen-types.mjs: do not edit; run npm run gen:types. */
import type { Expect, TextOrTexts } from './scenario-expect.types.generated.js'

/**
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "GeneratorStep".
 */
export type GeneratorStep = GeneratorTurn | GeneratorOneOf | GeneratorRepeat

/**
 * Describes a family of conversations that `banter run --generate N` samples from.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "GeneratorFile".
 */
export interface GeneratorFile {
  generator: Generator
}

/**
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "Generator".
 */
export interface Generator {
  /**
   * Unique generator name; generated case ids are <name>#<n>.
   */
  name: string
  description?: string
  tags?: string[]
  slots?: Slots
  /**
   * @minItems 1
   */
  turns: GeneratorStep[]
}

/**
 * Values generated once per conversation, usable as {{name}} in messages and expectations; each is a faker call such as faker.string.numeric(5).
 */
export interface Slots {
  [k: string]: string
}

/**
 * One user turn: its message is one of the variants, with {{slot}} and {{faker.module.method(args)}} placeholders filled in.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "GeneratorTurn".
 */
export interface GeneratorTurn {
  user?: TextOrTexts
  /**
   * A text file of variants, one per line (blank lines and lines starting with # are ignored), relative to this file.
   */
  variants_file?: string
  /**
   * Chance that this step is included in a generated conversation (default 1).
   */
  probability?: number
  expect?: Expect
}

/**
 * Alternative branches: each conversation takes one of them.
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "GeneratorOneOf".
 */
export interface GeneratorOneOf {
  /**
   * @minItems 2
   */
  one_of: GeneratorStep[][]
  /**
   * Chance that this step is included in a generated conversation (default 1).
   */
  probability?: number
}

/**
 * Turns repeated between min and max times (inclusive).
 *
 * This interface was referenced by `BanterScenarioFileV1`'s JSON-Schema
 * via the `definition` "GeneratorRepeat".
 */
export interface GeneratorRepeat {
  repeat: {
    min: number
    max: number
  }
  /**
   * @minItems 1
   */
  turns: GeneratorStep[]
  /**
   * Chance that this step is included in a generated conversation (default 1).
   */
  probability?: number
}
