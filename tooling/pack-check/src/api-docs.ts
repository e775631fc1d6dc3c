// CRS-4's reading of a package's public surface and of its README: the names a declaration or
// index file exports (read as text, no compiler needed — TypeScript 7 has no JavaScript API) and
// the names a README section documents.

/** The names a module exports, split by kind. */
export interface ExportedNames {
  /** Names that exist at run time (functions, classes, constants). */
  readonly values: readonly string[]
  /** Names that exist only for the type checker (interfaces, type aliases, `export type`). */
  readonly types: readonly string[]
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** `text` without its comments and with every string literal emptied, so neither can look like an export. */
function stripComments(text: string): string {
  let out = ''
  let i = 0
  while (i < text.length) {
    const c = text[i]
    const next = text[i + 1]
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2)
      i = end === -1 ? text.length : end + 2
      out += ' '
    } else if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i)
      i = end === -1 ? text.length : end
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1
      out += c + c
      i = j + 1
    } else {
      out += c
      i++
    }
  }
  return out
}

function sorted(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => a.localeCompare(b))
}

/**
 * The names an ES module source or declaration file exports: `export { a, type B, c as d }`
 * (with or without `from`), `export type { … }`, `export * as ns from …` and `export [declare]
 * const|let|var|function|class|enum|interface|type|namespace Name`. An `export * from …` hides
 * its names from a text reading, so it is refused rather than silently missed.
 */
export function exportedNames(text: string, file = 'the module'): ExportedNames {
  const code = stripComments(text)
  const values: string[] = []
  const types: string[] = []
  if (/\bexport\s*\*\s*from\b/.test(code)) {
    throw new Error(`${file} has an \`export * from\`; list its names one by one so CRS-4 can read them.`)
  }
  for (const m of code.matchAll(/\bexport\s+(type\s+)?\{([^}]*)\}/g)) {
    const typeOnly = m[1] !== undefined
    for (const raw of (m[2] ?? '').split(',')) {
      const spec = raw.trim()
      if (spec === '') continue
      const parts = /^(type\s+)?([\w$]+)(?:\s+as\s+([\w$]+))?$/.exec(spec)
      if (parts === null) throw new Error(`${file}: cannot read the export specifier "${spec}".`)
      const name = parts[3] ?? parts[2] ?? ''
      ;(typeOnly || parts[1] !== undefined ? types : values).push(name)
    }
  }
  for (const m of code.matchAll(/\bexport\s*\*\s*as\s+([\w$]+)\s+from\b/g)) values.push(m[1] ?? '')
  const declaration =
    /\bexport\s+(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(const\s+enum|const|let|var|async\s+function\*?|function\*?|class|enum|interface|type|namespace)\s+([\w$]+)/g
  for (const m of code.matchAll(declaration)) {
    const kind = m[1] ?? ''
    ;(kind === 'interface' || kind === 'type' ? types : values).push(m[2] ?? '')
  }
  for (const name of [...values, ...types]) {
    if (!IDENTIFIER.test(name)) throw new Error(`${file}: "${name}" is not an export name.`)
  }
  return { values: sorted(values), types: sorted(types) }
}

/**
 * The text of the level-2 section `## <title>` of a Markdown document (its subsections
 * included, up to the next level-1 or level-2 heading), without fenced code blocks; undefined
 * when the document has no such section. `title` is compared without surrounding backticks.
 */
export function markdownSection(markdown: string, title: string): string | undefined {
  const lines = markdown.split(/\r?\n/)
  const bare = (s: string) => s.trim().replace(/^`(.*)`$/, '$1')
  const out: string[] = []
  let found = false
  let inside = false
  let fence: string | undefined
  for (const line of lines) {
    const fenceMark = /^\s*(```+|~~~+)/.exec(line)?.[1]
    if (fence !== undefined) {
      if (fenceMark !== undefined && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined
      continue
    }
    if (fenceMark !== undefined) {
      fence = fenceMark
      continue
    }
    const heading = /^(#{1,2})\s+(.*?)\s*#*\s*$/.exec(line)
    if (heading !== null) {
      if (inside) break
      inside = bare(heading[2] ?? '') === bare(title)
      found ||= inside
      continue
    }
    if (inside) out.push(line)
  }
  return found ? out.join('\n') : undefined
}

/**
 * The names a Markdown text documents: every inline code span that starts with an identifier
 * counts for that identifier — `name`, `name()`, `name(a, b)`, `Name<T>`, `name.member` — so
 * `AggregateCommands` does not count for `Aggregate`.
 */
export function documentedNames(markdown: string): Set<string> {
  const names = new Set<string>()
  for (const span of codeSpans(markdown)) {
    const name = /^\s*([A-Za-z_$][\w$]*)(?![\w$])/.exec(span)?.[1]
    if (name !== undefined) names.add(name)
  }
  return names
}

/** The contents of the inline code spans of `markdown`, as CommonMark delimits them. */
function codeSpans(markdown: string): string[] {
  const spans: string[] = []
  const runs = [...markdown.matchAll(/`+/g)]
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i]!
    // A span closes at the next run of exactly as many backticks; without one the run is text.
    const close = runs.findIndex((r, j) => j > i && r[0].length === open[0].length)
    if (close === -1) continue
    spans.push(markdown.slice(open.index + open[0].length, runs[close]!.index))
    i = close
  }
  return spans
}

/** The names of `names` that `documented` lacks, sorted. */
export function missingNames(names: Iterable<string>, documented: ReadonlySet<string>): string[] {
  return sorted([...names].filter((n) => !documented.has(n)))
}
