// Node module hooks that let a child process run the package's TypeScript directly, the way
// jest does (same @swc/core, no build step): workspace packages resolve through their "source"
// export condition, a relative `./x.js` import finds `./x.ts`, and .ts files are compiled by
// swc on load. Registered by ts-register.mjs (`node --import <ts-register.mjs> script.ts`).
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const swc = require('@swc/core')

export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('source') ? context.conditions : ['source', ...context.conditions]
  const next = { ...context, conditions }
  if (specifier.endsWith('.js') && /^\.{1,2}\//.test(specifier) && context.parentURL?.endsWith('.ts')) {
    const ts = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL)
    if (existsSync(fileURLToPath(ts))) return nextResolve(ts.href, next)
  }
  return nextResolve(specifier, next)
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context)
  const filename = fileURLToPath(url)
  const { code } = await swc.transform(await readFile(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  })
  return { format: 'module', source: code, shortCircuit: true }
}
