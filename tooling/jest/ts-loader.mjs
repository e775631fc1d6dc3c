// Module hooks for ts-register.mjs: workspace packages resolve through their "source" export
// condition, `./x.js` imports from .ts files find `./x.ts`, and .ts files are compiled by swc.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const swc = createRequire(import.meta.url)('@swc/core')

export async function resolve(specifier, context, nextResolve) {
  const next = { ...context, conditions: ['source', ...context.conditions] }
  if (/^\.{1,2}\/.*\.js$/.test(specifier) && context.parentURL?.endsWith('.ts')) {
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
  })
  return { format: 'module', source: code, shortCircuit: true }
}
