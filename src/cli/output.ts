import { access, constants, mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { inputError } from '../errors.js'

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org), always with FORCE_COLOR. */
export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true
  return Boolean(stream.isTTY)
}

/** Creates the output directory and checks it is writable, before anything runs. */
export async function prepareOutDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true })
    await access(dir, constants.W_OK)
  } catch (err) {
    throw inputError('OUT_DIR_UNWRITABLE', `cannot write reports to ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'choose another directory with --out')
  }
}

/** Writes a file atomically: a temporary file in the same directory, then a rename. */
export async function writeAtomic(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
  await writeFile(tmp, content)
  await rename(tmp, file)
}
