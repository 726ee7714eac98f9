// Writes the command and flag reference into docs/cli.md, between its markers, from the options
// tables in src/options (via the build in dist/); the prose around it is kept by hand.
// `npm run gen:docs` builds and runs this; test/unit/options/cli-reference.test.ts fails when the
// committed file differs from what this would write.
import { readFile, writeFile } from 'node:fs/promises'
import { cliReference, withReference } from '../dist/options/cli-reference.js'

const file = 'docs/cli.md'
await writeFile(file, withReference(await readFile(file, 'utf8'), cliReference()))
console.log(`wrote ${file}`)
