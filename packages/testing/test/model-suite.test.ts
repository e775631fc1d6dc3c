import { MemoryModelRepository } from '@goes/core'
import { modelRepositoryCases, registerCases } from '../src/index.js'

// CRS-1 (first half): the model-repository conformance suite passes for the in-memory
// repository. Each title carries the id.
registerCases(
  'CRS-1: the model-repository suite passes on MemoryModelRepository',
  modelRepositoryCases((settings) => new MemoryModelRepository(settings)).map((c) => ({
    ...c,
    title: `CRS-1: the model-repository suite passes on MemoryModelRepository — ${c.title}`,
  })),
)
