import { describe, expect, it } from 'vitest'
import { fdLimitWarning, openFileLimit } from '../../../src/cli/fd-limit.js'

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             127431               127431               processes
Max open files            1024                 1048576              files
Max locked memory         8388608              8388608              bytes
`

describe('open-file limit check for high --concurrency', () => {
  it('reads the soft limit from /proc/self/limits; unknown when unreadable or unlimited', () => {
    expect(openFileLimit(() => LIMITS)).toBe(1024)
    expect(openFileLimit(() => LIMITS.replace('1024                ', 'unlimited           '))).toBeUndefined()
    expect(
      openFileLimit(() => {
        throw new Error('ENOENT')
      }),
    ).toBeUndefined()
  })

  it('warns when -j plus spare descriptors exceeds the limit, naming both and the fix', () => {
    expect(fdLimitWarning(900, 1024)).toBeUndefined()
    const warning = fdLimitWarning(2000, 1024)
    expect(warning).toContain('--concurrency 2000 needs about 2064 open files but this process may open 1024')
    expect(warning).toContain('ulimit -Hn')
    expect(fdLimitWarning(5000, undefined)).toBeUndefined()
  })
})
