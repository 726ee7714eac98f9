// Writes docs/cli.md, the CLI reference, from the options tables in src/options (via the build in
// dist/). `npm run gen:docs` builds and runs this; test/unit/options/cli-reference.test.ts fails
// when the committed file differs from what this would write.
import { writeFile } from 'node:fs/promises'
import { cliReference } from '../dist/options/cli-reference.js'

await writeFile('docs/cli.md', cliReference())
console.log('wrote docs/cli.md')
