/* global module */
/**
 * The dependency boundaries of src/, checked by `npm run lint` (dependency-cruiser). See
 * CONTRIBUTING.md "Architecture: layers and how lint checks them".
 *
 * LAYERS lists the folders of src/ from the bottom up. A module may import its own folder and the
 * folders of lower layers, never a higher layer. Folders of one layer may import each other, but
 * never both ways: no two folders import each other, directly or round a longer loop
 * (no-circular-folders). Every folder of src/ must be placed in a layer (unplaced-folder).
 */
const LAYERS = [
  ['util'],
  ['diagnostics'], // Diagnostic and SourceLoc: the data every located error is made of
  ['core'], // errors and exit codes, version, the config and scenario types generated from schema/
  ['template', 'secrets'],
  ['scenario'],
  ['report'], // the JSON report model
  ['generate', 'network'],
  ['adapters'], // protocols, behind the Adapter interface, over network/
  ['evaluate'],
  ['metrics'],
  ['thresholds'],
  ['config'],
  ['execute'], // the runner: sees an Adapter and an endpoint, never how the endpoint was started
  ['reporters', 'merge', 'compare', 'import', 'record'],
  ['assistant'], // the reference assistant: a demo server that only the CLI starts
  ['options'], // the table of every command's flags, their defaults and config keys; flag > config > default
  ['cli', 'run.ts'], // src/run.ts, the pipeline's spine, is imported only by src/cli
]

/** The path pattern of a folder of src/ (or of src/run.ts). */
const where = (name) => (name.endsWith('.ts') ? `src/${name.replace(/\./g, '\\.')}$` : `src/${name}/`)
const anyOf = (names) => `^(${names.map(where).join('|')})`

const layerRules = LAYERS.slice(0, -1).flatMap((layer, i) => {
  const higher = LAYERS.slice(i + 1).flat()
  return layer.map((name) => ({
    name: `layer-${name}`,
    severity: 'error',
    comment: `${name} (layer ${i + 1} of ${LAYERS.length}) imports only from its own or lower layers; not from ${higher.join(', ')}`,
    from: { path: anyOf([name]) },
    to: { path: anyOf(higher) },
  }))
})

const placed = anyOf(LAYERS.flat())

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A file cycle: extract what both files share into a third file (type-only imports count too).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment: 'Two folders import each other (directly or round a loop): move the shared piece down a layer.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'unplaced-folder',
      severity: 'error',
      comment: 'Every folder of src/ belongs to a layer: add it to LAYERS in .dependency-cruiser.cjs.',
      from: { path: '^src/', pathNot: placed },
      to: {},
    },
    {
      name: 'unplaced-folder',
      severity: 'error',
      comment: 'Every folder of src/ belongs to a layer: add it to LAYERS in .dependency-cruiser.cjs.',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: placed },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      comment: 'The shipped code never imports tests, benchmarks, fixtures or build scripts (none of them is published).',
      from: { path: '^src/' },
      to: { path: '^(test|bench|fixtures|scripts)/' },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'A devDependency is not installed for users: move it to dependencies, or import only its types.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'A package imported but not listed in package.json works here only by accident.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too: a type cycle is still a cycle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
}
