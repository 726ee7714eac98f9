import type { Faker } from '@faker-js/faker'
import type { Conversation, PlannedTurn } from '../scenario/compiled-conversation.js'
import { inputError } from '../core/errors.js'
import { invokeFaker } from './faker-api.js'
import type { FakerCall } from './faker-call.js'
import { FakerLimitError } from './faker-limits.js'
import type { GeneratorPlan, PlanNode, Segment, TurnNode } from './plan.js'
import { createRng, hashSeed, type Rng } from './rng.js'

/** One turn of a generated case: which variant was picked and the values of its faker calls. */
export interface GeneratedTurn {
  node: TurnNode
  variant: number
  /** One value per faker segment of the variant, in order. */
  values: string[]
}

/** A generated case as data, before it becomes a Conversation; shrinking edits this. */
export interface GeneratedCase {
  id: string
  plan: GeneratorPlan
  seed: number
  slots: Record<string, string>
  turns: GeneratedTurn[]
}

/**
 * Generates case `n` of a plan. The choices and faker are seeded from hash(run seed, case id) and
 * nothing else, so a case is the same whatever else runs, in whatever order.
 */
export function generateCase(plan: GeneratorPlan, seed: number, n: number, faker: Faker): GeneratedCase {
  const id = `${plan.name}#${n}`
  const rng = createRng(hashSeed(seed, id, 'choices'))
  // Seeding is skipped for a plan that never calls faker: nothing could see it, and it costs a hash and twelve draws per case.
  if (usesFaker(plan)) faker.seed(hashSeed(seed, id, 'faker'))
  try {
    const slots: Record<string, string> = {}
    for (const slot of plan.slots) slots[slot.name] = invokeFaker(faker, slot.call)
    const turns: GeneratedTurn[] = []
    walk(plan.steps, { rng, faker, turns })
    return { id, plan, seed, slots, turns }
  } catch (err) {
    // The load-time trials bound every call; randomness they could not see can still go over.
    if (err instanceof FakerLimitError)
      throw inputError(
        'FAKER_TOO_LARGE',
        `generator ${plan.name} (${plan.file}), case ${id} with seed ${seed}: a faker call went over its bounds: ${err.message}`,
        'narrow the call\'s ranges; see "Generated conversations" in the README',
      )
    throw err
  }
}

interface WalkState {
  rng: Rng
  faker: Faker
  turns: GeneratedTurn[]
}

/** Hard cap so nested repeats cannot produce absurd conversations. */
const MAX_TURNS = 100

function walk(nodes: PlanNode[], state: WalkState): void {
  for (const node of nodes) {
    if (state.turns.length >= MAX_TURNS) return
    if (node.probability < 1 && state.rng.next() >= node.probability) continue
    if (node.kind === 'turn') {
      const variant = state.rng.int(0, node.variants.length - 1)
      state.turns.push({ node, variant, values: fakerValues(node.variants[variant] ?? [], state.faker) })
    } else if (node.kind === 'one_of') {
      walk(node.branches[state.rng.int(0, node.branches.length - 1)]!, state)
    } else {
      const times = state.rng.int(node.min, node.max)
      for (let i = 0; i < times; i++) walk(node.body, state)
    }
  }
}

/** Fresh values for the faker segments of a variant. */
export function fakerValues(segments: Segment[], faker: Faker): string[] {
  // A plain loop: this runs for every turn of every generated case.
  const values: string[] = []
  for (const s of segments) if (isFakerSegment(s)) values.push(invokeFaker(faker, s.faker))
  return values
}

function isFakerSegment(s: Segment): s is { faker: FakerCall } {
  return typeof s === 'object' && 'faker' in s
}

const fakerUse = new WeakMap<GeneratorPlan, boolean>()

/** Whether a plan calls faker at all (a slot, or a faker segment in some variant), worked out once per plan. */
function usesFaker(plan: GeneratorPlan): boolean {
  let uses = fakerUse.get(plan)
  if (uses === undefined) {
    uses = plan.slots.length > 0 || nodesUseFaker(plan.steps)
    fakerUse.set(plan, uses)
  }
  return uses
}

function nodesUseFaker(nodes: PlanNode[]): boolean {
  return nodes.some((node) => {
    if (node.kind === 'turn') return node.variants.some((v) => v.some(isFakerSegment))
    if (node.kind === 'one_of') return node.branches.some(nodesUseFaker)
    return nodesUseFaker(node.body)
  })
}

/** The message text of a generated turn. */
export function renderMessage(turn: GeneratedTurn, slots: Record<string, string>): string {
  const segments = turn.node.variants[turn.variant] ?? []
  let text = ''
  let i = 0
  for (const s of segments) text += typeof s === 'string' ? s : 'slot' in s ? (slots[s.slot] ?? '') : (turn.values[i++] ?? '')
  return text
}

/** The case as the runner's Conversation; slots become variables, so expectations can use them. */
export function toConversation(gc: GeneratedCase): Conversation {
  const turns: PlannedTurn[] = gc.turns.map((t, index) => {
    const text = renderMessage(t, gc.slots)
    return { index, message: { source: text, parts: [text] }, loc: t.node.loc, checks: t.node.checks, captures: [] }
  })
  return {
    id: gc.id,
    name: gc.id,
    description: gc.plan.description,
    tags: [...gc.plan.tags, 'generated'],
    file: gc.plan.file,
    loc: gc.plan.loc,
    variables: { ...gc.slots },
    turns,
  }
}
