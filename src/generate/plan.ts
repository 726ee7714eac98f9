import type { SourceLoc } from '../diagnostics/diagnostic.js'
import type { Check } from '../scenario/compiled-conversation.js'
import type { Expect } from '../core/scenario.types.generated.js'
import type { FakerCall } from './faker-call.js'

/** A piece of a message variant: literal text, a slot's value, or a faker call's result. */
export type Segment = string | { slot: string } | { faker: FakerCall }

/** A generator turn, compiled: its variants, and its expectations compiled once for every case. */
export interface TurnNode {
  kind: 'turn'
  variants: Segment[][]
  /** The expectation as written (copied into saved failure files). */
  expect?: Expect
  checks: Check[]
  loc: SourceLoc
  probability: number
}

interface OneOfNode {
  kind: 'one_of'
  branches: PlanNode[][]
  probability: number
}

interface RepeatNode {
  kind: 'repeat'
  min: number
  max: number
  body: PlanNode[]
  probability: number
}

export type PlanNode = TurnNode | OneOfNode | RepeatNode

/** A loaded, checked generator: everything needed to produce its n-th case for a seed. */
export interface GeneratorPlan {
  name: string
  description?: string
  tags: string[]
  file: string
  loc: SourceLoc
  slots: { name: string; call: FakerCall }[]
  steps: PlanNode[]
}
