import { fileURLToPath } from 'node:url'

/** Absolute path of a file shipped in the package (works from src/ under vitest and from dist/). */
export function packagePath(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url))
}
