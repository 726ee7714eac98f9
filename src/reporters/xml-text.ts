/** Escapes text for XML and drops characters XML 1.0 cannot hold at all. */
export function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[\uD800-\uDFFF]/g, (ch, i: number, s: string) => (isPaired(s, i) ? ch : ''))
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  )
}

function isPaired(s: string, i: number): boolean {
  const c = s.charCodeAt(i)
  if (c >= 0xd800 && c <= 0xdbff) {
    const n = s.charCodeAt(i + 1)
    return n >= 0xdc00 && n <= 0xdfff
  }
  const p = s.charCodeAt(i - 1)
  return p >= 0xd800 && p <= 0xdbff
}
