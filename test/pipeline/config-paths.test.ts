// Paths written in a config are relative to the config file's folder, so `--config other/…` runs
// the same suite from any working directory; paths on the command line stay relative to the cwd.
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/in-process-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

const GREETING = `- name: Config greeting
  turns:
    - include: hello
    - user: Bye
      expect: { intent: goodbye }
`
const FRAGMENT = `fragments:
  hello:
    turns:
      - user: Hi there
        expect: { intent: greeting }
`
const DECOY = `- name: Decoy in the working directory
  turns:
    - user: Hi there
      expect: { intent: greeting }
`

let root: string
beforeAll(async () => {
  // root/other/banter.config.yaml names other/suite, other/shared, other/results; root/scenarios is a decoy.
  root = await tempDir('banter-config-paths-')
  for (const dir of ['other/suite', 'other/shared', 'other/gen', 'scenarios', 'elsewhere'])
    await mkdir(path.join(root, dir), { recursive: true })
  await writeFile(path.join(root, 'other/suite/greeting.yaml'), GREETING)
  await writeFile(path.join(root, 'other/shared/hello.yaml'), FRAGMENT)
  await writeFile(path.join(root, 'scenarios/decoy.yaml'), DECOY)
  await writeFile(path.join(root, 'decoy.yaml'), DECOY)
  await copyFile('scenarios/generators/order-status.yaml', path.join(root, 'other/gen/order-status.yaml'))
  await copyFile('scenarios/generators/order-status-with-id.txt', path.join(root, 'other/gen/order-status-with-id.txt'))
  await writeFile(
    path.join(root, 'other/banter.config.yaml'),
    'scenarios: [suite, "gen/*.yaml"]\nfragments: [shared]\nout: results\nreporters: [console, json, "junit:junit/j.xml"]\n',
  )
})

const names = async (file: string) => (JSON.parse(await readFile(file, 'utf8')) as { cases: { name: string }[] }).cases.map((c) => c.name)

describe('a config run from another working directory', () => {
  it.each([
    ['the parent folder', '.', 'other/banter.config.yaml'],
    ['a sibling folder', 'elsewhere', '../other/banter.config.yaml'],
  ])("from %s: runs the config's scenarios with its fragments and writes its reports beside it", async (_, cwd, config) => {
    await rm(path.join(root, 'other/results'), { recursive: true, force: true })
    await rm(path.join(root, 'other/junit'), { recursive: true, force: true })
    const r = await runCli(['run', '--config', config], { cwd: path.join(root, cwd) })
    expect(r.stderr).not.toContain('error')
    expect(r.code).toBe(0)
    expect(await names(path.join(root, 'other/results/banter-report.json'))).toEqual(['Config greeting'])
    expect((await stat(path.join(root, 'other/junit/j.xml'))).isFile()).toBe(true)
    expect(r.stdout).not.toContain('Decoy')
  })

  it("generated runs read the config's generator files, and their variants_file beside them", async () => {
    const r = await runCli(
      ['run', '--config', '../other/banter.config.yaml', '--generate', '3', '--seed', '7', '-r', 'json', '-o', 'gen-out'],
      { cwd: path.join(root, 'elsewhere') },
    )
    expect(r.code).toBe(0)
    const report = JSON.parse(await readFile(path.join(root, 'elsewhere/gen-out/banter-report.json'), 'utf8'))
    expect(report.summary.conversations).toBe(3)
  })

  it('paths on the command line stay relative to the working directory: scenarios, --out and --reporter files', async () => {
    const r = await runCli(
      ['run', 'decoy.yaml', '--config', 'other/banter.config.yaml', '-r', 'json,junit:cli-junit.xml', '-o', 'cli-out'],
      { cwd: root },
    )
    expect(r.code).toBe(0)
    expect(await names(path.join(root, 'cli-out/banter-report.json'))).toEqual(['Decoy in the working directory'])
    expect((await stat(path.join(root, 'cli-junit.xml'))).isFile()).toBe(true)
  })

  it("validate checks the config's scenarios too, and a missing config path names where it was looked for", async () => {
    const v = await runCli(['validate', '--config', '../other/banter.config.yaml'], { cwd: path.join(root, 'elsewhere') })
    expect(v.code).toBe(0)
    expect(v.stdout).toContain('✓ 1 scenarios (2 turns) in 2 files are valid; 1 generators are valid')
    const dir = await tempDir('banter-config-missing-')
    await mkdir(path.join(dir, 'cfg'))
    await writeFile(path.join(dir, 'cfg/banter.config.yaml'), 'scenarios: [nope]\n')
    const bad = await runCli(['validate', '--config', 'cfg/banter.config.yaml'], { cwd: dir })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('error[PATH_NOT_FOUND]: no such file or directory: nope (cfg/nope)')
  })

  it("without scenarios: in the config, the default scenarios/ folder is the config's", async () => {
    const dir = await tempDir('banter-config-default-')
    await mkdir(path.join(dir, 'project/scenarios'), { recursive: true })
    await mkdir(path.join(dir, 'scenarios'))
    await writeFile(
      path.join(dir, 'project/scenarios/mine.yaml'),
      GREETING.replace('- include: hello', '- user: Hi there\n      expect: { intent: greeting }'),
    )
    await writeFile(path.join(dir, 'scenarios/decoy.yaml'), DECOY)
    await writeFile(path.join(dir, 'project/banter.config.yaml'), 'concurrency: 2\n')
    const r = await runCli(['run', '--config', 'project/banter.config.yaml', '-r', 'json'], { cwd: dir })
    expect(r.code).toBe(0)
    expect(await names(path.join(dir, 'project/reports/banter-report.json'))).toEqual(['Config greeting'])
  })
})
