// The floor for `banter validate`: read every .yaml file in a folder and parse it with `yaml`, in
// one process, nothing else. The benchmark times this against `banter validate` on the same files.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { parseDocument } from 'yaml'

const dir = process.argv[2]
let docs = 0
for (const name of (await readdir(dir)).sort()) {
  if (!name.endsWith('.yaml')) continue
  const doc = parseDocument(await readFile(path.join(dir, name), 'utf8'))
  if (doc.errors.length > 0) throw new Error(`${name}: ${doc.errors[0].message}`)
  docs++
}
process.stdout.write(`${docs} documents\n`)
