import { describe, expect, it } from 'vitest'
import type { Adapter } from '../../../src/adapters/adapter.js'
import { executeCases, START_SLICE } from '../../../src/execute/run-cases.js'
import { createRunControl } from '../../../src/execute/run-control.js'
import { manyConversations } from '../../helpers/many-conversations.js'
import type { Conversation } from '../../../src/scenario/compiled-conversation.js'

/** An adapter answering every turn after a few ms, counting conversations open at once. */
function countingAdapter() {
  const seen = { open: 0, maxOpen: 0, opened: 0 }
  const adapter: Adapter = {
    target: 'test',
    async open() {
      seen.open++
      seen.opened++
      seen.maxOpen = Math.max(seen.maxOpen, seen.open)
      return {
        send: async () => {
          await new Promise((resolve) => setTimeout(resolve, 1 + (seen.opened % 3)))
          return { reply: { text: 'ok', entities: [], body: {} }, latencyMs: 1, retries: 0 }
        },
        end: async () => {
          seen.open--
        },
      }
    },
    close: async () => {},
  }
  return { adapter, seen }
}

/** A lazy source that records how far ahead of the finished conversations it was pulled. */
function* tracked(
  conversations: Conversation[],
  state: { pulled: number; finished: () => number; maxAhead: number },
): Generator<Conversation> {
  for (const c of conversations) {
    state.pulled++
    state.maxAhead = Math.max(state.maxAhead, state.pulled - state.finished())
    yield c
  }
}

describe('the worker pool', () => {
  it('runs at most -j conversations at once, pulls the source lazily, and keeps input order', async () => {
    const conversations = await manyConversations(200)
    const { adapter, seen } = countingAdapter()
    let finished = 0
    const state = { pulled: 0, finished: () => finished, maxAhead: 0 }
    const run = await executeCases(tracked(conversations, state), {
      adapter,
      concurrency: 7,
      onCaseResult: () => {
        finished++
      },
      control: createRunControl(),
    })
    expect(seen.maxOpen).toBe(7)
    expect(state.maxAhead).toBeLessThanOrEqual(7)
    expect(run.results.map((r) => r.id)).toEqual(conversations.map((c) => c.id))
    expect(run.notRun).toBe(0)
  })

  it('-j 200: starts workers in slices, so I/O runs before the last worker has started', async () => {
    const conversations = await manyConversations(400)
    const { adapter, seen } = countingAdapter()
    // An I/O-phase callback queued before the run: it runs at the first turn of the event loop.
    let openedWhenLoopTurned = -1
    setImmediate(() => {
      openedWhenLoopTurned = seen.opened
    })
    const run = await executeCases(conversations, { adapter, concurrency: 200 })
    expect(openedWhenLoopTurned).toBe(START_SLICE)
    expect(seen.maxOpen).toBeLessThanOrEqual(200)
    expect(run.results.map((r) => r.id)).toEqual(conversations.map((c) => c.id))
  })

  it('--bail: stops starting, counts the rest as not run; results + notRun = input', async () => {
    const conversations = await manyConversations(100)
    const { adapter } = countingAdapter()
    // Every reply fails its checks (no intent), so the first conversation to finish bails the run.
    const run = await executeCases(conversations, { adapter, concurrency: 4, bail: true })
    expect(run.stoppedEarly).toMatch(/^--bail: ".+" failed$/)
    expect(run.results.length).toBeLessThanOrEqual(4)
    expect(run.results.length + run.notRun).toBe(100)
  })

  it('a source that throws stops the pool and the error reaches the caller', async () => {
    const conversations = await manyConversations(10)
    const { adapter, seen } = countingAdapter()
    function* broken() {
      yield* conversations.slice(0, 5)
      throw new Error('source broke')
    }
    await expect(executeCases(broken(), { adapter, concurrency: 3 })).rejects.toThrow('source broke')
    expect(seen.open).toBe(0)
  })
})
