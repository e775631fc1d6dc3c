import { type EventStore, MemoryStore } from '@goes/core'
import { eventStoreCases } from '../src/index.js'
import { HalfBatchStore, MaterialisingStore, SortIgnoringStore, UntypedNotFoundStore } from './broken-stores.js'
import { byId, expectCaught, expectPass } from './caught.js'

// The store suite is tested by pointing it at deliberately broken stores: each bug must make the
// cases aimed at it FAIL with an assertion, and the same cases must pass against MemoryStore.

const cases = (make: () => EventStore) => byId(eventStoreCases(make, { streamEvents: 0, randomQueries: 60 }))

const SORT_CASES = [
  'query.sort.time',
  'query.sort.aggregateName',
  'query.sort.aggregateId',
  'query.sort.aggregateVersion',
  'query.sort.multi',
  'query.sort.filtered',
  'query.random',
]

const HALF_BATCH_CASES = [
  'consistency.id.stored.middle',
  'consistency.id.stored.last',
  'consistency.aggregate.stored.middle',
  'consistency.aggregate.stored.last',
  'consistency.id.batch.first-two',
  'consistency.id.batch.middle',
  'consistency.id.batch.last-two',
  'consistency.id.batch.first-and-last',
  'consistency.aggregate.batch.first-two',
  'consistency.aggregate.batch.middle',
  'consistency.aggregate.batch.last-two',
  'consistency.aggregate.batch.first-and-last',
  'concurrent.insert',
]

describe('FND-2: the store suite catches broken stores', () => {
  it('FND-2: a store that ignores the sort fails every sort case (and still passes the filter cases)', async () => {
    await expectCaught(
      cases(() => new SortIgnoringStore()),
      SORT_CASES,
      'ignored sort',
    )
    await expectPass(
      cases(() => new SortIgnoringStore()),
      ['query.filter.names', 'query.filter.combined'],
      'ignored sort',
    )
    await expectPass(
      cases(() => new MemoryStore()),
      SORT_CASES,
      'control: MemoryStore',
    )
  }, 120_000)

  it('FND-2: a store that stores half of a conflicting batch fails the consistency cases', async () => {
    await expectCaught(
      cases(() => new HalfBatchStore()),
      HALF_BATCH_CASES,
      'half-stored batch',
    )
    // A conflict at the very first position leaves nothing half-stored: those cases rightly pass.
    await expectPass(
      cases(() => new HalfBatchStore()),
      ['consistency.id.stored.first', 'consistency.aggregate.stored.first', 'insert.batch'],
      'half-stored batch, conflict first',
    )
    await expectPass(
      cases(() => new MemoryStore()),
      HALF_BATCH_CASES,
      'control: MemoryStore',
    )
  }, 120_000)

  it('FND-2: a store that rejects an unknown id with an untyped error fails find.unknown', async () => {
    await expectCaught(
      cases(() => new UntypedNotFoundStore()),
      ['find.unknown'],
      'untyped not-found error',
    )
    await expectPass(
      cases(() => new MemoryStore()),
      ['find.unknown'],
      'control: MemoryStore',
    )
  })

  it('FND-2: a store that materialises the whole result before yielding fails the streaming case', async () => {
    const stream = (make: () => EventStore) => byId(eventStoreCases(make, { streamEvents: 50_000 }))
    await expectCaught(
      stream(() => new MaterialisingStore()),
      ['query.stream'],
      'materialised result',
    )
    await expectPass(
      stream(() => new MemoryStore()),
      ['query.stream'],
      'control: MemoryStore',
    )
  }, 300_000)
})
