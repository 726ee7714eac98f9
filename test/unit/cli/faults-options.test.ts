import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readFaultOptions } from '../../../src/cli/faults-options.js'
import { InputError } from '../../../src/core/errors.js'
import { tempDir } from '../../helpers/temp-dir.js'

async function file(text: string): Promise<string> {
  const dir = await tempDir('banter-faults-')
  await writeFile(path.join(dir, 'f.yaml'), text)
  return path.join(dir, 'f.yaml')
}

describe('--faults, --faults-file, --fault-seed', () => {
  it('reads YAML and JSON fault files; --fault-seed wins over the file', async () => {
    expect(await readFaultOptions({ faultsFile: await file('error500: 0.05\nlatency: 10-20ms\nseed: 3\n') })).toMatchObject({
      rates: { error500: 0.05 },
      latency: { minMs: 10, maxMs: 20 },
      seed: 3,
    })
    expect(await readFaultOptions({ faultsFile: await file('{"hang": "1%"}'), faultSeed: 9 })).toMatchObject({
      rates: { hang: 0.01 },
      seed: 9,
    })
    expect(await readFaultOptions({})).toBeUndefined()
  })

  it.each([
    [{ faults: 'hang=0.1', faultsFile: 'x.yaml' }, 'cannot be used together'],
    [{ faultsFile: 'no/such/file.yaml' }, 'cannot read no/such/file.yaml (ENOENT)'],
  ])('%j → a usage error', async (opts, message) => {
    const err = await readFaultOptions(opts).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).message).toContain(message)
  })

  it('rejects broken files with a clear message', async () => {
    for (const [text, message] of [
      ['[1, 2]', 'expected a mapping'],
      ['a: [', 'is not valid YAML/JSON'],
      ['hang: lots', 'hang: expected a probability'],
    ]) {
      const err = await readFaultOptions({ faultsFile: await file(text!) }).catch((e: unknown) => e)
      expect((err as InputError).diagnostics[0]).toMatchObject({ code: 'FAULT_SPEC_INVALID' })
      expect((err as InputError).message).toContain(message)
    }
  })
})
