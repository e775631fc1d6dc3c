// The import graph of a package's sources, for the structure tests every package runs: no
// import cycle between files, none between concept folders (the folders right under src/),
// and no source file importing an index.ts (an index only lists public names; importing one
// from inside hides a real dependency and lets cycles form through it).
//
//   const { importProblems } = require('@goes-internal/jest-preset/import-graph')
//   expect(importProblems(join(__dirname, '..', 'src'))).toEqual([])
'use strict'
const { readdirSync, readFileSync, statSync } = require('node:fs')
const { dirname, join, relative, resolve, sep } = require('node:path')

/** Every .ts file below `dir`. */
function sourceFiles(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g

/** file → relative files it imports (type-only imports included: they are dependencies too). */
function importGraph(srcDir) {
  const graph = new Map()
  for (const file of sourceFiles(srcDir)) {
    const deps = new Set()
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      deps.add(resolve(dirname(file), m[1]).replace(/\.js$/, '.ts'))
    }
    graph.set(file, deps)
  }
  return graph
}

/** Strongly connected components with more than one node (or a self-loop): the cycles. */
function cycles(graph) {
  let index = 0
  const stack = []
  const onStack = new Set()
  const idx = new Map()
  const low = new Map()
  const found = []
  const visit = (v) => {
    idx.set(v, index)
    low.set(v, index)
    index++
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v), low.get(w)))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)))
    }
    if (low.get(v) === idx.get(v)) {
      const component = []
      let w
      do {
        w = stack.pop()
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || graph.get(v)?.has(v)) found.push(component.sort())
    }
  }
  for (const v of graph.keys()) if (!idx.has(v)) visit(v)
  return found
}

/**
 * What is wrong with the import structure of the sources in `srcDir`, one line each (an
 * empty array when nothing is): file cycles, concept-folder cycles, imports of an index.ts.
 */
function importProblems(srcDir) {
  const root = resolve(srcDir)
  const rel = (p) => relative(root, p).split(sep).join('/')
  const isIndex = (p) => p.endsWith(`${sep}index.ts`)
  const full = importGraph(root)
  const problems = []
  const files = new Map()
  for (const [file, deps] of full) {
    if (isIndex(file)) continue
    for (const d of deps)
      if (isIndex(d)) problems.push(`${rel(file)} imports ${rel(d)}: import the file that defines the name`)
    files.set(file, new Set([...deps].filter((d) => !isIndex(d))))
  }
  for (const c of cycles(files)) problems.push(`file cycle: ${c.map(rel).join(' ↔ ')}`)
  const folderOf = (p) => {
    const parts = rel(p).split('/')
    return parts.length > 1 ? parts[0] : '(root files)'
  }
  const folders = new Map()
  for (const [file, deps] of files) {
    const from = folderOf(file)
    if (!folders.has(from)) folders.set(from, new Set())
    for (const d of deps) if (folderOf(d) !== from) folders.get(from).add(folderOf(d))
  }
  for (const c of cycles(folders)) problems.push(`folder cycle: ${c.join(' ↔ ')}`)
  return problems
}

module.exports = { importGraph, importProblems }
