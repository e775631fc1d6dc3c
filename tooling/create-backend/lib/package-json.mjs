// The package.json of a new backend package: the same shape as every published @goes/* adapter
// (ESM, `exports` with the source/types/default conditions, the scripts turbo runs), with
// @goes/core and the driver as peer dependencies and everything the tests need as dev ones.

/** Versions of the shared dev dependencies, as the other packages of the repo pin them. */
const SHARED_DEV = {
  '@arethetypeswrong/cli': '^0.18.5',
  '@goes-internal/bench': 'workspace:*',
  '@goes-internal/jest-preset': 'workspace:*',
  '@goes-internal/services': 'workspace:*',
  '@goes-internal/tsconfig': 'workspace:*',
  '@goes/core': 'workspace:*',
  '@goes/testing': 'workspace:*',
  '@types/node': '^20.19.0',
  publint: '^0.3.25',
}

/** Sorts an object's keys the way pnpm writes dependency lists. */
function sorted(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/**
 * @param {{ name: string, description: string, driver?: { name: string, peer: string, dev: string } }} o
 * @returns {string} the file's text (two-space JSON and a final newline, as pnpm writes it)
 */
export function packageJson(o) {
  const peer = { '@goes/core': 'workspace:>=0.0.0 <1.0.0' }
  const dev = { ...SHARED_DEV }
  if (o.driver !== undefined) {
    peer[o.driver.name] = o.driver.peer
    dev[o.driver.name] = o.driver.dev
  }
  const pkg = {
    name: `@goes/${o.name}`,
    version: '0.0.0',
    description: o.description,
    license: 'Apache-2.0',
    type: 'module',
    sideEffects: false,
    engines: { node: '>=20.19' },
    exports: {
      '.': { source: './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
      './package.json': './package.json',
    },
    types: './dist/index.d.ts',
    files: ['dist', 'src', '!src/**/*.test.ts', 'README.md', 'CHANGELOG.md'],
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      typecheck: 'tsc -p tsconfig.json --noEmit',
      test: 'jest',
      'check:package': 'publint --strict && attw --pack . --profile esm-only',
      lint: 'biome check .',
      bench: 'node ../../tooling/bench/run.mjs',
    },
    repository: {
      type: 'git',
      url: 'git+https://github.com/goes-ts/goes.git',
      directory: `packages/${o.name}`,
    },
    publishConfig: { access: 'public' },
    peerDependencies: peer,
    devDependencies: sorted(dev),
  }
  return `${JSON.stringify(pkg, null, 2)}\n`
}
