import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js'
import { parseYaml } from '../../../src/diagnostics/yaml-source.js'
import { checkAction } from '../../../src/evaluate/action.js'
import { describeVerdict } from '../../../src/evaluate/describe.js'
import { checkToolCalls } from '../../../src/evaluate/tool-calls.js'
import type { AssistantReply, ToolCall } from '../../../src/report/model.js'
import { compileTurn } from '../../../src/scenario/compile-turn.js'
import type { Check } from '../../../src/scenario/compiled-conversation.js'
import type { Turn } from '../../../src/core/scenario.types.generated.js'

/** The checks of one turn written in YAML, compiled as the loader does. */
function checksOf(yaml: string): Check[] {
  const { source, data } = parseYaml('t.yaml', yaml)
  const diagnostics: Diagnostic[] = []
  const turn = compileTurn(data as Turn, { source, path: [] }, 0, diagnostics)
  expect(diagnostics).toEqual([])
  return turn.checks
}

const reply = (...calls: [string, unknown][]): AssistantReply => ({
  text: '',
  entities: [],
  body: {},
  toolCalls: calls.map(
    ([name, args], i): ToolCall =>
      typeof args === 'string'
        ? { name, invalidArguments: { text: args, error: 'bad' }, round: 1 }
        : { name, arguments: args, round: i + 1 },
  ),
})

function verdicts(yaml: string, r: AssistantReply, scope = {}) {
  const check = checksOf(yaml).find((c) => c.kind === 'tool_calls')!
  return checkToolCalls(check as Extract<Check, { kind: 'tool_calls' }>, r, scope)
}
const codes = (vs: { code: string }[]) => vs.map((v) => v.code)

describe('tool_calls: a plain list compares call by call', () => {
  const yaml =
    'user: x\nexpect:\n  tool_calls:\n    - name: lookup_order\n      arguments: { order_id: "{{id}}", filters: { open: true } }\n    - name: notify\n'

  it('passes with the arguments as a subset; numbers and numeric text are the same value', () => {
    const vs = verdicts(yaml, reply(['lookup_order', { order_id: 12345, filters: { open: 'true', since: 1 }, extra: 1 }], ['notify', {}]), {
      id: '12345',
    })
    expect(codes(vs)).toEqual(['TOOL_CALL_OK', 'TOOL_CALL_OK'])
    expect(vs.map((v) => v.loc.line)).toEqual([4, 6])
  })

  it('a missing call, a call by another name, and calls beyond the list each fail with their own code', () => {
    expect(codes(verdicts(yaml, reply(['lookup_order', { order_id: '1', filters: { open: true } }]), { id: '1' }))).toEqual([
      'TOOL_CALL_OK',
      'TOOL_CALL_MISSING',
    ])
    const other = verdicts(yaml, reply(['lookup_order', { order_id: '1', filters: { open: true } }], ['escalate', {}], ['notify', {}]), {
      id: '1',
    })
    expect(codes(other)).toEqual(['TOOL_CALL_OK', 'TOOL_CALL_NAME_MISMATCH', 'TOOL_CALLS_UNEXPECTED'])
    expect(describeVerdict(other[1]!)).toBe('tool_calls: expected a call {"name":"notify"} here, got {"name":"escalate","arguments":{}}')
    expect(other[2]).toMatchObject({ actual: [{ name: 'notify', arguments: {} }], loc: { line: 3 } })
    expect(describeVerdict(verdicts(yaml, reply())[0]!)).toContain('but the assistant called no tool')
  })

  it('nested differences are listed by path; invalid JSON arguments are their own code', () => {
    const [bad] = verdicts(yaml, reply(['lookup_order', { order_id: '2', filters: { open: false } }], ['notify', {}]), { id: '1' })
    expect(bad!.differences).toEqual([
      { path: '$.order_id', problem: 'different', expected: '1', actual: '2' },
      { path: '$.filters.open', problem: 'different', expected: true, actual: false },
    ])
    expect(codes(verdicts(yaml, reply(['lookup_order', '{"order_id": '], ['notify', {}]), { id: '1' }))).toEqual([
      'TOOL_CALL_ARGUMENTS_INVALID',
      'TOOL_CALL_OK',
    ])
  })

  it('an empty list passes only when no tool was called', () => {
    const none = 'user: x\nexpect: { tool_calls: [] }\n'
    expect(codes(verdicts(none, reply()))).toEqual(['TOOL_CALLS_OK'])
    expect(codes(verdicts(none, reply(['x', {}])))).toEqual(['TOOL_CALLS_UNEXPECTED'])
  })
})

describe('tool_calls: strict, regex, lists, and the sequence modes', () => {
  it('strict refuses extra keys at any depth; lists must have the same length', () => {
    const yaml = 'user: x\nexpect:\n  tool_calls:\n    - name: f\n      strict: true\n      arguments: { a: { b: 1 }, items: [x, 2] }\n'
    expect(codes(verdicts(yaml, reply(['f', { a: { b: 1 }, items: ['x', '2.0'] }])))).toEqual(['TOOL_CALL_OK'])
    const [extra] = verdicts(yaml, reply(['f', { a: { b: 1, c: 2 }, items: ['x', 2], d: null }]))
    expect(extra!.differences).toEqual([
      { path: '$.a.c', problem: 'unexpected', actual: 2 },
      { path: '$.d', problem: 'unexpected', actual: null },
    ])
    expect(describeVerdict(extra!)).toContain('$.a.c: not expected (got 2)')
    expect(verdicts(yaml, reply(['f', { a: { b: 1 }, items: ['x'] }]))[0]!.differences).toEqual([
      { path: '$.items', problem: 'different', expected: ['x', 2], actual: ['x'] },
    ])
  })

  it('{matches} tests the value as text with RE2; keys that are not names are quoted in paths', () => {
    const yaml = 'user: x\nexpect:\n  tool_calls:\n    - name: f\n      arguments: { id: { matches: "^\\\\d{5}$" }, "a b": 1 }\n'
    expect(codes(verdicts(yaml, reply(['f', { id: 12345, 'a b': 1 }])))).toEqual(['TOOL_CALL_OK'])
    expect(verdicts(yaml, reply(['f', { id: '1234x', 'a b': 2 }]))[0]!.differences).toEqual([
      { path: '$.id', problem: 'different', expected: { matches: '^\\d{5}$' }, actual: '1234x' },
      { path: '$["a b"]', problem: 'different', expected: 1, actual: 2 },
    ])
  })

  it('contains_in_order finds each call after the previous; contains anywhere; a near miss shows its differences', () => {
    const inOrder =
      'user: x\nexpect:\n  tool_calls:\n    contains_in_order:\n      - { name: a }\n      - { name: b, arguments: { n: 2 } }\n'
    expect(codes(verdicts(inOrder, reply(['z', {}], ['a', {}], ['b', { n: 1 }], ['b', { n: 2 }])))).toEqual([
      'TOOL_CALL_OK',
      'TOOL_CALL_OK',
    ])
    expect(codes(verdicts(inOrder, reply(['b', { n: 2 }], ['a', {}])))).toEqual(['TOOL_CALL_OK', 'TOOL_CALL_MISSING'])
    const near = verdicts(inOrder, reply(['a', {}], ['b', { n: 3 }]))
    expect(near[1]).toMatchObject({ code: 'TOOL_CALL_ARGUMENTS_MISMATCH', differences: [{ path: '$.n', expected: 2, actual: 3 }] })
    const anywhere = 'user: x\nexpect:\n  tool_calls:\n    contains: [{ name: b }, { name: a }]\n'
    expect(codes(verdicts(anywhere, reply(['a', {}], ['b', {}])))).toEqual(['TOOL_CALL_OK', 'TOOL_CALL_OK'])
  })
})

describe('action: with tool calls', () => {
  it("compares the first tool call's name", () => {
    const check = checksOf('user: x\nexpect: { action: notify }\n')[0] as Extract<Check, { kind: 'action' }>
    const r = { ...reply(['lookup_order', {}], ['notify', {}]), actions: ['lookup_order', 'notify'] }
    expect(checkAction(check, r, {})).toMatchObject({ pass: false, code: 'ACTION_MISMATCH', actual: 'lookup_order' })
    expect(checkAction(check, { ...reply(['notify', {}]) }, {})).toMatchObject({ pass: true })
    expect(checkAction(check, { text: '', entities: [], body: {}, actions: ['a', 'notify'] }, {})).toMatchObject({ pass: true })
  })
})
