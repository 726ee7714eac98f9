import { execFileSync } from 'node:child_process'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { confinedPath } from '../../../src/util/confine.js'
import { readRegularFile } from '../../../src/util/regular-file.js'
import { tempDir } from '../../helpers/temp-dir.js'

describe('readRegularFile', () => {
  it('reads a regular file, also through a symlink, and refuses what is not one without blocking', async () => {
    const dir = await tempDir('banter-regular-')
    await writeFile(path.join(dir, 'a.txt'), 'hello')
    await symlink(path.join(dir, 'a.txt'), path.join(dir, 'link.txt'))
    execFileSync('mkfifo', [path.join(dir, 'fifo')])
    expect((await readRegularFile(path.join(dir, 'link.txt'))).toString()).toBe('hello')
    await expect(readRegularFile(path.join(dir, 'fifo'))).rejects.toMatchObject({
      code: 'FILE_NOT_REGULAR',
      reason: 'it is a FIFO (named pipe), not a regular file',
    })
    await expect(readRegularFile('/dev/zero')).rejects.toMatchObject({ code: 'FILE_NOT_REGULAR' })
    await expect(readRegularFile(dir)).rejects.toMatchObject({ reason: 'it is a directory, not a regular file' })
    await expect(readRegularFile(path.join(dir, 'a.txt'), 3)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' })
    await expect(readRegularFile(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})

describe('confinedPath', () => {
  it('keeps references inside the base folder, and refuses .., absolute paths and symlinks leading out', async () => {
    const base = await tempDir('banter-confine-')
    await mkdir(path.join(base, 'sub'))
    await writeFile(path.join(base, 'sub', 'ok.txt'), 'x')
    await symlink('/etc/hostname', path.join(base, 'out.txt'))
    await symlink(path.join(base, 'sub'), path.join(base, 'inner-link'))
    expect(await confinedPath(base, 'sub/ok.txt')).toEqual({ abs: path.join(base, 'sub', 'ok.txt') })
    expect(await confinedPath(base, 'inner-link/ok.txt')).toEqual({ abs: path.join(base, 'inner-link', 'ok.txt') })
    expect(await confinedPath(base, 'sub/../sub/missing.txt')).toEqual({ abs: path.join(base, 'sub', 'missing.txt') })
    expect(await confinedPath(base, '../x')).toMatchObject({ escapes: 'path' })
    expect(await confinedPath(base, '/etc/passwd')).toMatchObject({ escapes: 'path', target: '/etc/passwd' })
    expect(await confinedPath(base, 'out.txt')).toMatchObject({ escapes: 'symlink' })
    // A name that only starts with ".." stays inside.
    expect(await confinedPath(base, '..data')).toEqual({ abs: path.join(base, '..data') })
  })
})
