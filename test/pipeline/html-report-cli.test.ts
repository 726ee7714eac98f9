import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { runCli } from '../helpers/in-process-cli.js'

it('banter run --reporter html writes one self-contained report.html with every conversation', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'banter-html-cli-'))
  try {
    const r = await runCli(['run', 'fixtures/e2e/mixed.yaml', 'fixtures/e2e/feedback.yaml', '--reporter', 'html', '--out', out])
    expect(r.code).toBe(1)
    const html = await readFile(path.join(out, 'report.html'), 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<span data-testid="verdict">FAILED</span>')
    expect(html).toContain('<p data-testid="counts">3 passed, 1 failed, 0 errored, 1 skipped (5 conversations,')
    const data = JSON.parse(/<script type="application\/json" id="banter-data">([^<]*)<\/script>/.exec(html)![1]!)
    expect(data.cases.map((c: { n: string }) => c.n)).toContain('Happy customer leaves feedback')
    expect(data.cases.find((c: { n: string }) => c.n === 'Happy customer leaves feedback').fb).toMatchObject({
      satisfaction: 5,
      sent: true,
    })
  } finally {
    await rm(out, { recursive: true, force: true })
  }
})
