import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'

/** The commands `banter --help` lists (read from the help, so a command added outside the tables is caught too). */
function commandsIn(help: string): string[] {
  const section = help.slice(help.indexOf('Commands:'))
  return [...section.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help')
}

/** `-j, --concurrency <n>` and `--bail`: the flags column of every option line of a --help. */
function flagsIn(help: string): string[] {
  return [...help.matchAll(/^ {2}(-[^ ,]+(?:, --\S+)?(?: <[^>]+>| \[[^\]]+\])?)/gm)].map((m) => m[1]!).filter((f) => f !== '-h, --help')
}

/** The part of docs/cli.md about one command. */
function docsSection(docs: string, command: string): string {
  const start = docs.indexOf(`\n### banter ${command}\n`)
  if (start === -1) return ''
  // Up to the next heading of the same level or above (its flag groups are ####).
  const rest = docs.slice(start + 1)
  const next = rest.slice(1).search(/\n#{1,3} /)
  return next === -1 ? rest : rest.slice(0, next + 1)
}

describe('the CLI reference covers what --help shows', () => {
  it('every flag of every command in `banter <command> --help` is in its section of docs/cli.md, as --help writes it', async () => {
    const docs = readFileSync('docs/cli.md', 'utf8')
    const commands = commandsIn((await runCli(['--help'])).stdout)
    expect(commands).toEqual(expect.arrayContaining(['run', 'validate', 'serve', 'merge', 'compare', 'import', 'record']))
    const helps = await Promise.all(commands.map((c) => runCli([c, '--help'])))
    let checked = 0
    commands.forEach((command, i) => {
      const { code, stdout } = helps[i]!
      expect(code, `banter ${command} --help`).toBe(0)
      const section = docsSection(docs, command)
      expect(section, `docs/cli.md has a "### banter ${command}" section`).not.toBe('')
      const usage = /^Usage: (banter .*)$/m.exec(stdout)![1]!
      expect(section, `usage of ${command}`).toContain(`\`${usage}\``)
      for (const flag of flagsIn(stdout)) {
        expect(section, `banter ${command} ${flag}`).toContain(`\`${flag.replaceAll('|', '\\|')}\``)
        checked++
      }
    })
    // A broken pattern above would check nothing and pass.
    expect(checked).toBeGreaterThan(40)
  }, 60_000)
})
