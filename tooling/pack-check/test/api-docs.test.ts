// The text readings CRS-4 relies on: export names of a declaration file, a README section, and
// the names its code spans document.
import { documentedNames, exportedNames, markdownSection, missingNames } from '../src/api-docs.js'

describe('exportedNames', () => {
  it('reads export lists, type-only lists, inline type modifiers, renames and declarations', () => {
    const dts = [
      '/// <reference lib="esnext.disposable" preserve="true" />',
      "export type { A, B, } from './a.js';",
      "/** @deprecated Import `c` from elsewhere; don't use `export { fake }` here. */",
      "export { c, type D, e as f, } from './c.js';",
      "export * as ns from './ns.js';",
      '// export { commented } from "./x.js"',
      'export declare const K = "*";',
      'export declare function g(): void;',
      'export declare abstract class H {}',
      'export interface I { readonly x: string }',
      'export type J = { y: number };',
      "export declare const text = 'export { notAName }';",
    ].join('\n')
    expect(exportedNames(dts)).toEqual({
      values: ['c', 'f', 'g', 'H', 'K', 'ns', 'text'],
      types: ['A', 'B', 'D', 'I', 'J'],
    })
  })

  it('refuses `export * from`, whose names a text reading cannot see', () => {
    expect(() => exportedNames("export * from './all.js'", 'index.d.ts')).toThrow(
      /index\.d\.ts has an `export \* from`/,
    )
  })
})

describe('markdownSection', () => {
  const readme = [
    '# pkg',
    'intro `outside`',
    '## API',
    '- `inside` — a name',
    '### Group',
    '- `nested` — still in the section',
    '```ts',
    '## not a heading',
    'const fenced = 1',
    '```',
    '## `pkg/sub`',
    '- `sub` — another section',
  ].join('\n')

  it('is the level-2 section with its subsections, without fenced code, up to the next level-2 heading', () => {
    const section = markdownSection(readme, 'API') ?? ''
    expect([...documentedNames(section)].sort()).toEqual(['inside', 'nested'])
  })

  it('matches a title written in backticks, and is undefined for a missing section', () => {
    expect(markdownSection(readme, 'pkg/sub')).toBe('- `sub` — another section')
    expect(markdownSection(readme, 'Performance')).toBeUndefined()
  })
})

describe('documentedNames', () => {
  it('counts a code span for the identifier it starts with, whole identifiers only', () => {
    const names = documentedNames(
      "`newEvent(name, data)`, `Aggregate<M>`, `sub.droppedErrors`, ``tick`s``, `AggregateCommands`, `'*'`, `-1`",
    )
    expect([...names].sort()).toEqual(['Aggregate', 'AggregateCommands', 'newEvent', 'sub', 'tick'])
    expect(missingNames(['Aggregate', 'AggregateRoot', 'newEvent', 'droppedErrors'], names)).toEqual([
      'AggregateRoot',
      'droppedErrors',
    ])
  })
})
