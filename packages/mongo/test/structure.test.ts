import { join } from 'node:path'
import { importProblems } from '@goes-internal/jest-preset/import-graph'

it('structure: no import cycle between source files or concept folders, and no source file imports an index.ts', () => {
  expect(importProblems(join(__dirname, '..', 'src'))).toEqual([])
})
