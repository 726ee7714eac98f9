import { describe, expect, it } from 'vitest'
import { replayCommand } from '../../../src/generate/replay-command.js'
import { replayArgs } from '../../../src/options/replay-args.js'
import { RUN_OPTIONS } from '../../../src/options/run-options.js'
import { urlSecrets } from '../../../src/secrets/credentials.js'
import { noRedaction, redactor } from '../../../src/secrets/redact.js'

describe('replayCommand', () => {
  it('names the generator file, the case and the seed, then --repeat and the run flags, each quoted', () => {
    expect(replayCommand({ file: 'scenarios/generators/orders.yaml', caseId: 'order-status#12', seed: 42 })).toBe(
      "banter run scenarios/generators/orders.yaml --case 'order-status#12' --seed 42",
    )
    expect(
      replayCommand({
        file: "gen dir/it's.yaml",
        caseId: 'a#1',
        seed: 7,
        repeat: 3,
        args: ['--config', 'c d/banter.yaml', '--timeout', '500'],
      }),
    ).toBe(`banter run 'gen dir/it'\\''s.yaml' --case 'a#1' --seed 7 --repeat 3 --config 'c d/banter.yaml' --timeout 500`)
  })
  it('a generator file whose name starts with "-" is not read as a flag', () => {
    expect(replayCommand({ file: '-odd.yaml', caseId: 'a#1', seed: 1 })).toBe("banter run ./-odd.yaml --case 'a#1' --seed 1")
  })
})

describe('replayArgs: the flags a replay repeats', () => {
  it('are those that change what a conversation sends, where or when', () => {
    const replayed = Object.values(RUN_OPTIONS)
      .filter((row) => row.replay)
      .map((row) => row.long)
    expect(replayed).toEqual(['--config', '--endpoint', '--timeout', '--retries', '--rate', '--think-time'])
  })
  it('keeps only the flags given, in table order, 0 included; the rest of the run is left out', () => {
    const words = replayArgs(
      {
        retries: 0,
        timeoutMs: 500,
        configFile: 'ci dir/banter.yaml',
        thinkTimeMs: 250,
        rate: 2.5,
        concurrency: 32,
        generate: 1000,
        seed: 3,
        grep: 'order',
        caseId: 'x#1',
        maxDurationMs: 60_000,
      },
      noRedaction,
    )
    expect(words).toEqual(['--config', 'ci dir/banter.yaml', '--timeout', '500', '--retries', '0', '--rate', '2.5', '--think-time', '250'])
    expect(replayArgs({}, noRedaction)).toEqual([])
  })
  it('masks credentials: URL userinfo always, a credential query parameter through the run redactor', () => {
    const endpoint = 'http://bot:s3cret-pw@127.0.0.1:9/chat?api_key=k3y-value&lang=en'
    const words = replayArgs({ endpoint }, redactor(urlSecrets(endpoint, [])))
    expect(words).toEqual(['--endpoint', 'http://***@127.0.0.1:9/chat?api_key=***&lang=en'])
    expect(replayArgs({ endpoint: 'https://u:p@h/chat' }, noRedaction)).toEqual(['--endpoint', 'https://***@h/chat'])
  })
})
