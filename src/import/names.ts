/** A file-name-safe slug: lower case, runs of other characters → "-". */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9_.]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '') || 'unnamed'
  )
}

/** A generator name matching `^[A-Za-z0-9_][A-Za-z0-9_.-]*$`. */
export function generatorName(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[-.]+/, '') || 'generator'
}

/**
 * Returns a function that makes names unique within one import: the second "greet" becomes
 * "greet (2)" (or "greet-2" with `sep: '-'`), as scenario and generator names must be unique.
 */
export function uniqueNames(sep: ' (' | '-' = ' ('): (name: string) => string {
  const seen = new Map<string, number>()
  return (name) => {
    const n = (seen.get(name) ?? 0) + 1
    seen.set(name, n)
    if (n === 1) return name
    return sep === '-' ? `${name}-${n}` : `${name} (${n})`
  }
}
