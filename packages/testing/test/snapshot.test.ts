import { MemorySnapshotStore } from '@goes/core'
import { registerCases, snapshotStoreCases } from '../src/index.js'

// AGG-6 (first half): the snapshot store conformance suite passes for the in-memory snapshot
// store. Each title carries the id.
registerCases(
  'AGG-6: snapshot conformance suite passes for the in-memory snapshot store',
  snapshotStoreCases(() => new MemorySnapshotStore()).map((c) => ({
    ...c,
    title: `AGG-6: snapshot conformance suite passes for the in-memory snapshot store — ${c.title}`,
  })),
)
