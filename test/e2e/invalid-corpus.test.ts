import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'

const STACK = /\n\s+at .+:\d+:\d+/

describe('the bad-input corpus through the CLI: exit 2, message and position, no stack trace', () => {
  it.each([
    ['deep-nesting.yaml', 'error[YAML_TOO_DEEP]', ':5:78'],
    ['alias-bomb-keys.yaml', 'error[YAML_ALIAS_LIMIT]', ':1:1'],
    ['alias-undefined.yaml', 'unknown alias *nothing', ':3:11'],
    ['invalid-utf8.yaml', 'is not valid UTF-8', ':1:11'],
    ['regex-lookahead.yaml', 'error[UNSUPPORTED_REGEX]', ':6:9'],
    ['multi-document.yaml', 'more than one YAML document', ':4:1'],
    ['binary.yaml', 'error[FILE_BINARY]', ':1:1'],
  ])('banter validate fixtures/invalid/%s', async (file, message, at) => {
    const r = await runCli(['validate', `fixtures/invalid/${file}`])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
    expect(r.stderr).toContain(`--> fixtures/invalid/${file}${at}`)
    expect(r.stderr).not.toMatch(STACK)
  })

  it.each([
    ['bad-method.yaml', 'endpoint.method: must be one of POST, PUT, GET, PATCH', ':3:11'],
    ['missing-env.yaml', 'environment variable BANTER_FIXTURE_TOKEN is not set', ':4:20'],
    ['bad-response-path.yaml', 'endpoint.response: unclosed "["', ':4:5'],
    ['url-not-url.yaml', 'not an http(s) URL', ':2:8'],
  ])('banter run --config fixtures/invalid-config/%s', async (file, message, at) => {
    const r = await runCli(['run', '--config', `fixtures/invalid-config/${file}`], { env: { BANTER_FIXTURE_TOKEN: undefined } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
    expect(r.stderr).toContain(`--> fixtures/invalid-config/${file}${at}`)
    expect(r.stderr).not.toMatch(STACK)
  })
})
