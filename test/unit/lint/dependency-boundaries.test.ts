import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/temp-dir.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const CONFIG = path.join(root, '.dependency-cruiser.cjs')
const DEPCRUISE = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs')

/**
 * A tiny src/ tree with one of each thing `npm run lint` must refuse, beside imports it must
 * allow. Modules import with `.js` specifiers as banter's own sources do.
 */
const TREE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true },
    include: ['src'],
  }),
  // A file cycle inside one folder.
  'src/network/retry.ts': "import type { Code } from './transport.js'\nexport const retry = (c: Code) => c\n",
  'src/network/transport.ts': "import { retry } from './retry.js'\nexport type Code = string\nexport const send = () => retry('x')\n",
  // The runner reaching up into the demo server; and down into network (allowed).
  'src/execute/endpoint.ts':
    "import { start } from '../assistant/server.js'\nimport { send } from '../network/transport.js'\nexport const go = () => [start(), send()]\n",
  'src/assistant/server.ts': 'export const start = () => 1\n',
  // Two folders of one layer importing each other (no file cycle: four different files).
  'src/reporters/junit.ts': "import { merged } from '../merge/merge.js'\nexport const junit = () => merged\n",
  'src/reporters/xml.ts': 'export const xml = 1\n',
  'src/merge/merge.ts': 'export const merged = 2\n',
  'src/merge/check.ts': "import { xml } from '../reporters/xml.js'\nexport const check = () => xml\n",
  // Shipped code importing a test helper.
  'src/scenario/load.ts': "import { helper } from '../../test/helpers/helper.js'\nexport const load = () => helper\n",
  'test/helpers/helper.ts': 'export const helper = 3\n',
  // A folder that is in no layer.
  'src/plugins/plugin.ts': "import { load } from '../scenario/load.js'\nexport const plugin = () => load()\n",
  // The spine and the CLI (allowed: cli imports run.ts, run.ts imports stages).
  'src/run.ts': "import { go } from './execute/endpoint.js'\nexport const run = () => go()\n",
  'src/cli/main.ts': "import { run } from '../run.js'\nexport const main = () => run()\n",
}

/** Runs the check as `npm run lint` does; returns its exit code and each reported error on one line. */
function cruise(cwd: string): Promise<{ code: number; errors: string[]; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG], { cwd }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0
      // `  error rule: a → b`, a cycle continuing over several lines: one line each.
      const errors = stdout
        .split(/\n(?=\s*error )/)
        .map((block) => block.replace(/\s+/g, ' ').trim())
        .filter((b) => b.startsWith('error '))
        .map((b) => b.replace(/ x \d+ dependency violations.*$/, ''))
      resolve({ code, errors, stderr })
    })
  })
}

describe('the dependency boundaries that `npm run lint` checks (.dependency-cruiser.cjs)', () => {
  it('reports a file cycle, an upward import, a folder cycle, test code in src and an unplaced folder, and exits non-zero', async () => {
    const dir = await tempDir('banter-boundaries-')
    for (const [file, text] of Object.entries(TREE)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true })
      await writeFile(path.join(dir, file), text)
    }
    const { code, errors, stderr } = await cruise(dir)
    expect(stderr).toBe('')
    expect(errors.sort()).toEqual([
      'error layer-execute: src/execute/endpoint.ts → src/assistant/server.ts',
      'error no-circular-folders: src/merge → src/reporters → src/merge',
      'error no-circular-folders: src/reporters → src/merge → src/reporters',
      'error no-circular: src/network/retry.ts → src/network/transport.ts → src/network/retry.ts',
      'error no-test-code-in-src: src/scenario/load.ts → test/helpers/helper.ts',
      'error unplaced-folder: src/plugins/plugin.ts → src/scenario/load.ts',
    ])
    // The exit code is the number of errors: lint (and CI) fails.
    expect(code).toBe(errors.length)
  }, 120_000)
})
