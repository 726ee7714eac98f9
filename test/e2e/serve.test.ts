/**
 * `banter serve` as a process: it runs until a signal, so only a spawned CLI shows it listening,
 * keeping its feedback file across restarts, and stopping on SIGTERM.
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { spawnCli } from '../helpers/cli.js'
import { closedPort } from '../helpers/fake-server.js'
import { tempDir } from '../helpers/temp-dir.js'

let dir: string
beforeAll(async () => {
  dir = await tempDir('banter-serve-')
})

describe('banter serve --feedback-file', () => {
  it('stores feedback in the file, keeps it across restarts, and cuts a torn last line', async () => {
    const file = path.join(dir, 'served.jsonl')
    await writeFile(
      file,
      `${JSON.stringify({ session_id: 'old', satisfaction: 3, resolved: true, received_at: '2026-01-01T00:00:00.000Z' })}\n{"session_id":"torn","sat`,
    )
    const serve = spawnCli(['serve', '--port', '0', '--feedback-file', file])
    try {
      const url = (await serve.waitFor(/listening on (http:\/\/\S+)/, 'stdout'))[1]!
      expect(
        (await fetch(`${url}/feedback`, { method: 'POST', body: JSON.stringify({ session_id: 'new', satisfaction: 5, resolved: false }) }))
          .status,
      ).toBe(201)
      const page = (await (await fetch(`${url}/feedback?offset=0&limit=10`)).json()) as { total: number; records: { session_id: string }[] }
      expect(page.records.map((r) => r.session_id)).toEqual(['old', 'new'])
    } finally {
      serve.child.kill('SIGTERM')
      await serve.done
    }
    expect(
      (await readFile(file, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).session_id),
    ).toEqual(['old', 'new'])
  })
})

describe('banter serve and BANTER_PORT', () => {
  it('the CLI serves on $BANTER_PORT, so the HEALTHCHECK finds it', async () => {
    const free = await closedPort()
    const serve = spawnCli(['serve'], { env: { BANTER_PORT: String(free) } })
    try {
      const [line] = await serve.waitFor(/.*\n/, 'stdout')
      expect(line).toContain(`listening on http://127.0.0.1:${free} `)
      expect((await fetch(`http://127.0.0.1:${free}/health`)).ok).toBe(true)
    } finally {
      serve.child.kill('SIGTERM')
      await serve.done
    }
  }, 30_000)
})
