/**
 * JSON nested thousands of levels deep parses fine but overflows the stack of every recursive step
 * after it (JSON.stringify, copies, reporters). Checking the text first, in one pass with no
 * recursion, lets a reader refuse it with a clear message instead.
 */
/** True when `[`/`{` outside strings nest more than `max` levels deep. */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
  return false
}

/** A banter report nests about ten levels around an endpoint's values, which are at most 256 deep (network/read-body.ts). */
export const REPORT_MAX_DEPTH = 300
