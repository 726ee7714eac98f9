// `banter validate` makes the tool checks `banter run` makes against the config: tool_results
// with an adapter that has no tool loop (TOOL_RESULTS_UNSUPPORTED), and names that are not among
// the config's openai.tools, in tool_results and in expect.tool_calls (UNKNOWN_TOOL). Both
// commands report the same problems at the same places, with exit 2.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/in-process-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

const STACK = /\n\s+at .+:\d+:\d+/

/** An openai endpoint with two declared tools; nothing listens on port 9 (nothing is sent). */
const OPENAI = `endpoint:
  adapter: openai
  url: http://127.0.0.1:9
  openai:
    model: m
    api_key: \${OPENAI_KEY}
    tools:
      - { type: function, function: { name: lookup_order, parameters: { type: object } } }
      - { name: cancel_order }
scenarios: [scenarios]
`

async function project(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('banter-validate-tools-')
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
    await writeFile(path.join(dir, name), text)
  }
  return dir
}

/** Each rendered error as `CODE file:line:col`, in order. */
function located(stderr: string): string[] {
  return [...stderr.matchAll(/^error\[(\w+)\]: .*\n\s*--> (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`)
}

/** validate and run on the same project: both exit 2 with the same located errors, which are returned. */
async function bothRefuse(dir: string): Promise<{ errors: string[]; stderr: string }> {
  const env = { OPENAI_KEY: undefined }
  const v = await runCli(['validate'], { cwd: dir, env })
  const r = await runCli(['run', '-r', 'json', '-o', 'out'], { cwd: dir, env: { OPENAI_KEY: 'k' } })
  for (const out of [v, r]) {
    expect(out.code, out.stderr).toBe(2)
    expect(out.stderr).not.toMatch(STACK)
  }
  expect(located(v.stderr)).toEqual(located(r.stderr))
  expect(r.stderr).toContain('nothing was run or written')
  return { errors: located(v.stderr), stderr: v.stderr }
}

describe('validate checks tool names against the config, as run does', () => {
  it('a result for an undeclared tool and an expected call to one: UNKNOWN_TOOL at each name, with a suggestion', async () => {
    const dir = await project({
      'banter.config.yaml': OPENAI,
      'scenarios/a.yaml': [
        'name: orders',
        'turns:',
        '  - user: where is order 12345',
        '    tool_results:',
        '      lookup_ordr: { status: shipped }',
        '    expect:',
        '      tool_calls:',
        '        - name: lookup_order',
        '        - name: cancel_ordr',
        '          arguments: { order_id: "12345" }',
        '  - user: cancel it',
        '    expect:',
        '      tool_calls: { contains: [{ name: refund_order }] }',
        '',
      ].join('\n'),
    })
    const { errors, stderr } = await bothRefuse(dir)
    expect(errors).toEqual([
      'UNKNOWN_TOOL scenarios/a.yaml:5:20',
      'UNKNOWN_TOOL scenarios/a.yaml:9:17',
      'UNKNOWN_TOOL scenarios/a.yaml:13:40',
    ])
    expect(stderr).toContain(`error[UNKNOWN_TOOL]: tool_results: "lookup_ordr" is not one of the tools in the config's openai.tools`)
    expect(stderr).toContain('= hint: did you mean "lookup_order"?')
    expect(stderr).toContain(
      `error[UNKNOWN_TOOL]: expect.tool_calls: "cancel_ordr" is not one of the tools in the config's openai.tools, so the assistant can never call it`,
    )
    expect(stderr).toContain('= hint: did you mean "cancel_order"?')
    // Nothing close: the declared tools are listed. The code frame underlines the name.
    expect(stderr).toContain('= hint: declared tools: lookup_order, cancel_order')
    expect(stderr).toContain(
      '13 |       tool_calls: { contains: [{ name: refund_order }] }\n   |                                        ^^^^^^^^^^^^',
    )
  })

  it('tool_results with an adapter that has no tool loop: TOOL_RESULTS_UNSUPPORTED, with a config endpoint or none', async () => {
    const scenario = 'name: s\nturns:\n  - user: hi\n    tool_results:\n      lookup_order: {}\n'
    const http = await project({
      'banter.config.yaml': 'endpoint:\n  url: http://127.0.0.1:9/chat\nscenarios: [scenarios]\n',
      'scenarios/a.yaml': scenario,
    })
    expect((await bothRefuse(http)).errors).toEqual(['TOOL_RESULTS_UNSUPPORTED scenarios/a.yaml:4:5'])
    // No config: run would use the embedded reference assistant over plain HTTP.
    const none = await project({ 'scenarios/a.yaml': scenario })
    const v = await runCli(['validate', 'scenarios'], { cwd: none })
    expect(v.code).toBe(2)
    expect(located(v.stderr)).toEqual(['TOOL_RESULTS_UNSUPPORTED scenarios/a.yaml:4:5'])
    expect(v.stderr).toContain('hint: tool_results works with `adapter: openai`')
  })

  it('a tool in a fragment is reported in the fragment file', async () => {
    const dir = await project({
      'banter.config.yaml': OPENAI,
      'scenarios/a.yaml': 'name: s\nturns:\n  - include: ask\n',
      'scenarios/fragments/ask.yaml':
        'fragments:\n  ask:\n    turns:\n      - user: hi\n        expect:\n          tool_calls: [{ name: lookup }]\n',
    })
    expect((await bothRefuse(dir)).errors).toEqual(['UNKNOWN_TOOL scenarios/fragments/ask.yaml:6:32'])
  })

  it("a generator's expected call to an undeclared tool: validate and run --generate both refuse it", async () => {
    const dir = await project({
      'banter.config.yaml': OPENAI,
      'scenarios/gen.yaml':
        'generator:\n  name: g\n  turns:\n    - user: [where is my order]\n      expect:\n        tool_calls: [{ name: lookup_ordr }]\n',
    })
    const v = await runCli(['validate'], { cwd: dir, env: { OPENAI_KEY: undefined } })
    const r = await runCli(['run', '--generate', '2', '--seed', '1', '-r', 'json', '-o', 'out'], { cwd: dir, env: { OPENAI_KEY: 'k' } })
    for (const out of [v, r]) {
      expect(out.code, out.stderr).toBe(2)
      expect(located(out.stderr)).toEqual(['UNKNOWN_TOOL scenarios/gen.yaml:6:30'])
      expect(out.stderr).toContain('did you mean "lookup_order"?')
    }
  })

  it('valid names, names with {{variables}}, and configs that declare no tools pass validate (exit 0)', async () => {
    const valid = [
      'name: s',
      'variables: { tool: lookup_ordr }',
      'turns:',
      '  - user: where is order 12345',
      '    tool_results: { lookup_order: { status: shipped }, cancel_order: ok }',
      '    expect:',
      '      tool_calls: { contains_in_order: [{ name: lookup_order }, { name: "{{tool}}" }] }',
      '',
    ].join('\n')
    const declared = await project({ 'banter.config.yaml': OPENAI, 'scenarios/a.yaml': valid })
    const v = await runCli(['validate'], { cwd: declared, env: { OPENAI_KEY: undefined } })
    expect(v.code, v.stderr).toBe(0)
    expect(v.stdout).toContain('✓ 1 scenarios (1 turns) in 1 files are valid')
    // Without openai.tools the assistant's tools are its own business: any name may be expected.
    const undeclared = await project({
      'banter.config.yaml': 'endpoint:\n  adapter: openai\n  url: http://127.0.0.1:9\n  openai: { model: m }\nscenarios: [scenarios]\n',
      'scenarios/a.yaml':
        'name: s\nturns:\n  - user: hi\n    tool_results: { anything: 1 }\n    expect:\n      tool_calls: [{ name: whatever }]\n',
    })
    expect((await runCli(['validate'], { cwd: undeclared })).code).toBe(0)
    // A plain HTTP endpoint reads tool calls from the reply (response.tool_calls): names are not checked.
    const http = await project({
      'banter.config.yaml': 'endpoint:\n  url: http://127.0.0.1:9/chat\nscenarios: [scenarios]\n',
      'scenarios/a.yaml': 'name: s\nturns:\n  - user: hi\n    expect:\n      tool_calls: [{ name: whatever }]\n',
    })
    expect((await runCli(['validate'], { cwd: http })).code).toBe(0)
  })
})
