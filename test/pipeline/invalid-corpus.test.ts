import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/in-process-cli.js'

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
    ['brackets-in-block-scalar.yaml', 'error[UNDEFINED_VARIABLE]', ':14:17'],
    ['capture-proto.yaml', 'invalid name "__proto__"', ':5:7'],
    ['generator-faker-huge.yaml', 'faker.string.alpha: argument 1 is 300000000; the limit for sizes is 10,000', ':7:16'],
  ])('banter validate fixtures/invalid/%s', async (file, message, at) => {
    const r = await runCli(['validate', `fixtures/invalid/${file}`])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
    expect(r.stderr).toContain(`--> fixtures/invalid/${file}${at}`)
    expect(r.stderr).not.toMatch(STACK)
  })

  it.each([
    ['dev-zero.yaml', 'it is a character device, not a regular file', ':1:1'],
    ['variants-escape.yaml', 'error[PATH_OUTSIDE_PROJECT]', ':4:22'],
    ['variants-symlink.yaml', 'it leads through a symlink to README.md', ':4:22'],
  ])('banter validate fixtures/invalid-files/%s', async (file, message, at) => {
    const r = await runCli(['validate', `fixtures/invalid-files/${file}`])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
    expect(r.stderr).toContain(`--> fixtures/invalid-files/${file}${at}`)
    expect(r.stderr).not.toMatch(STACK)
  })

  it.each([
    ['paths-outside.yaml', 'scenarios[1]: "/etc" is outside the config\'s folder', ':3:5'],
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
