import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { startAssistant } from '../../../src/assistant/server.js'

/**
 * No Docker engine runs here, so the image is checked by reading the Dockerfile: its stages,
 * user, entrypoint, health check and what it copies.
 */
interface Instruction { op: string; args: string }
interface Stage { from: string; name?: string; body: Instruction[] }

function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const joined = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  const args: Record<string, string> = {}
  const stages: Stage[] = []
  for (const line of joined) {
    const [, op = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? []
    const instruction = { op: op.toUpperCase(), args: rest.replace(/\$\{(\w+)\}/g, (_, n: string) => args[n] ?? '') }
    if (instruction.op === 'ARG' && stages.length === 0) {
      const [name, value = ''] = rest.split('=')
      args[name!] = value
    } else if (instruction.op === 'FROM') {
      const [from, as, name] = instruction.args.split(/\s+/)
      stages.push({ from: from!, name: as?.toUpperCase() === 'AS' ? name : undefined, body: [] })
    } else {
      stages.at(-1)?.body.push(instruction)
    }
  }
  return { args, stages }
}

const dockerfile = parseDockerfile(readFileSync('Dockerfile', 'utf8'))
const runtime = dockerfile.stages.at(-1)!
const last = (stage: Stage, op: string) => stage.body.filter((i) => i.op === op).at(-1)?.args
const ignored = readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))

describe('Dockerfile', () => {
  it('is multi-stage on an exact slim Node release (major.minor.patch, never a moving tag)', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['build', 'runtime'])
    for (const stage of dockerfile.stages) {
      expect(stage.from).toMatch(/^node:(20|22|24)\.\d+\.\d+-(bookworm-|bullseye-|trixie-)?slim(@sha256:[0-9a-f]{64})?$/)
      expect(stage.from).not.toMatch(/latest/)
    }
  })

  it('builds with npm ci and npm run build, and ships production dependencies only', () => {
    const buildRuns = dockerfile.stages[0]!.body.filter((i) => i.op === 'RUN').map((i) => i.args)
    expect(buildRuns.some((r) => r.includes('npm ci'))).toBe(true)
    expect(buildRuns).toContain('npm run build')
    const runtimeRuns = runtime.body.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n')
    expect(runtimeRuns).toMatch(/npm ci --omit=dev --ignore-scripts/)
    expect(runtime.body).toContainEqual({ op: 'COPY', args: '--from=build /app/dist ./dist' })
  })

  it('copies the scripts npm run build runs into the build stage', () => {
    const build = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.build!
    const scripts = [...build.matchAll(/\bnode (\S+)/g)].map((m) => m[1]!)
    expect(scripts.length).toBeGreaterThan(0)
    const copied = dockerfile.stages[0]!.body.filter((i) => i.op === 'COPY').flatMap((i) => i.args.split(/\s+/).slice(0, -1))
    for (const script of scripts) expect(copied, script).toContain(script)
  })

  it('copies only files that exist and that .dockerignore lets through', () => {
    const sources = dockerfile.stages.flatMap((s) => s.body).filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1))
    expect(sources).toEqual(expect.arrayContaining(['bin', 'schema', 'scenarios', 'src', 'package.json', 'package-lock.json']))
    for (const source of sources) {
      expect(existsSync(source), source).toBe(true)
      expect(ignored, source).not.toContain(source)
    }
  })

  it('runs as the unprivileged node user with banter as the entrypoint', () => {
    expect(last(runtime, 'USER')).toBe('node')
    expect(JSON.parse(last(runtime, 'ENTRYPOINT')!)).toEqual(['node', '/app/bin/banter.js'])
    expect(JSON.parse(last(runtime, 'CMD')!)).toEqual(['run'])
  })

  it('has a HEALTHCHECK against /health for containers running serve', () => {
    const check = last(runtime, 'HEALTHCHECK')!
    expect(check).toMatch(/--interval=\S+ --timeout=\S+/)
    const command = JSON.parse(check.slice(check.indexOf('CMD') + 3).trim()) as string[]
    expect(command.slice(0, 2)).toEqual(['node', '-e'])
    // The probe and the server read one setting: BANTER_PORT, set once in the image.
    expect(command[2]).toContain('process.env.BANTER_PORT')
    expect(command[2]).not.toMatch(/:5005\//)
    expect(last(runtime, 'ENV')).toBe('BANTER_PORT=5005')
    expect(last(runtime, 'EXPOSE')).toBe('5005')
  })

  it('the HEALTHCHECK command exits 0 against a healthy assistant and 1 against a closed port', async () => {
    const check = last(runtime, 'HEALTHCHECK')!
    const script = (JSON.parse(check.slice(check.indexOf('CMD') + 3).trim()) as string[])[2]!
    const assistant = await startAssistant({ port: 0, host: '127.0.0.1' })
    const probe = (url: string) => new Promise<number | null>((resolve) => {
      execFile(process.execPath, ['-e', script], { timeout: 15_000, env: { ...process.env, BANTER_PORT: new URL(url).port } }, (err) => resolve(err ? (err.code as number) : 0))
    })
    try {
      expect(await probe(assistant.url)).toBe(0)
    } finally {
      await assistant.close()
    }
    expect(await probe(assistant.url)).toBe(1)
  })
})

describe('.dockerignore', () => {
  it('keeps dependencies, history, reports and secrets out of the build context', () => {
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.git', 'reports', 'dist', '.env']))
  })
})

describe('banter serve and BANTER_PORT', () => {
  it('serve listens on $BANTER_PORT when --port is not given; a bad value is bad input (exit 2)', async () => {
    const { portFromEnv } = await import('../../../src/cli/commands/serve.js')
    expect(portFromEnv(undefined)).toBeUndefined()
    expect(portFromEnv('')).toBeUndefined()
    expect(portFromEnv('8080')).toBe(8080)
    for (const bad of ['abc', '70000', '-1', '80.5']) {
      expect(() => portFromEnv(bad)).toThrow(/BANTER_PORT: expected a port number/)
    }
  })
})
