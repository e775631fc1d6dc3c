import {
  AGGREGATE_TAGGED,
  AGGREGATE_UNTAGGED,
  Aggregate,
  type Event,
  isGoesError,
  isTaggedEvent,
  MemoryStore,
  matchesQuery,
  newEvent,
  taggedQuery,
  uuid,
  validateHistory,
} from '../src/index.js'

type CustomerEvents = {
  'shop.customer_registered': { email: string }
  'shop.customer_deleted': null
  'shop.customer_closed': null
  'shop.customer_restored': null
}

class Customer extends Aggregate<CustomerEvents> {
  email = ''
  constructor(id: string) {
    super('shop.customer', id)
    this.on('shop.customer_registered', (e) => {
      this.email = e.data.email
    })
    this.softDeletedBy('shop.customer_deleted', 'shop.customer_closed')
    this.softRestoredBy('shop.customer_restored')
  }
  register(email: string) {
    this.next('shop.customer_registered', { email })
  }
  remove() {
    this.next('shop.customer_deleted', null)
  }
  close() {
    this.next('shop.customer_closed', null)
  }
  reinstate() {
    this.next('shop.customer_restored', null)
  }
}

function codeOf(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return isGoesError(err) ? err.code : err
  }
  return 'no error'
}

/** A fresh aggregate of the same id with `events` replayed: what a fetch does. */
function replay(id: string, events: readonly Event[]): Customer {
  const c = new Customer(id)
  validateHistory(c, events)
  for (const e of events) c.apply(e)
  return c
}

describe('aggregate tags', () => {
  it('tag / untag / hasTag / tags, recorded as built-in events', () => {
    const c = new Customer(uuid())
    c.tag('vip', 'newsletter')
    expect(c.hasTag('vip')).toBe(true)
    expect(c.tags).toEqual(['vip', 'newsletter'])
    c.untag('newsletter')
    expect(c.hasTag('newsletter')).toBe(false)
    expect(c.tags).toEqual(['vip'])
    expect(c.changes.map((e) => [e.name, e.data])).toEqual([
      [AGGREGATE_TAGGED, { tags: ['vip', 'newsletter'] }],
      [AGGREGATE_UNTAGGED, { tags: ['newsletter'] }],
    ])
    expect(c.changes.map((e) => e.aggregate?.version)).toEqual([1, 2])
  })

  it('records only what changes: tags it has, tags it lacks and repeats make no event', () => {
    const c = new Customer(uuid())
    c.tag('vip', 'vip')
    c.tag('vip')
    c.untag('gold')
    c.tag('vip', 'gold')
    expect(c.changes.map((e) => e.data)).toEqual([{ tags: ['vip'] }, { tags: ['gold'] }])
  })

  it('tags survive a round trip through the recorded events', () => {
    const id = uuid()
    const c = new Customer(id)
    c.register('a@example.com')
    c.tag('vip', 'beta')
    c.untag('beta')
    c.tag('gold')
    const back = replay(id, c.changes)
    expect(back.tags).toEqual(['vip', 'gold'])
    expect(back.hasTag('beta')).toBe(false)
    expect(back.email).toBe('a@example.com')
    expect(back.aggregateVersion).toBe(4)
  })

  it('refuses bad tags with INVALID_NAME and records nothing', () => {
    const c = new Customer(uuid())
    expect(codeOf(() => c.tag('ok', ''))).toBe('INVALID_NAME')
    expect(codeOf(() => c.untag(' padded '))).toBe('INVALID_NAME')
    expect(c.changes).toEqual([])
  })

  it('tag events cannot be given an applier of their own', () => {
    class Sneaky extends Aggregate<{ 'goes.aggregate.tagged': { tags: string[] } }> {
      constructor(id: string) {
        super('sneaky', id)
        this.on('goes.aggregate.tagged', () => {})
      }
    }
    expect(codeOf(() => new Sneaky(uuid()))).toBe('INVALID_STATE')
  })

  it('taggedQuery + isTaggedEvent find the aggregates that were given a tag', async () => {
    const store = new MemoryStore()
    const a = new Customer(uuid())
    a.tag('vip')
    const b = new Customer(uuid())
    b.tag('beta')
    const c = new Customer(uuid())
    c.tag('vip')
    c.untag('vip') // still a candidate; hasTag() after fetching rules it out
    await store.insert([...a.changes, ...b.changes, ...c.changes])
    const q = taggedQuery('vip', 'shop.customer')
    const ids = new Set<string>()
    for await (const e of store.query(q)) if (isTaggedEvent(e, 'vip')) ids.add(e.aggregate!.id)
    expect(ids).toEqual(new Set([a.aggregateId, c.aggregateId]))
    expect(matchesQuery(taggedQuery('vip', 'other'), a.changes[0]!)).toBe(false)
    expect(matchesQuery(taggedQuery('vip'), a.changes[0]!)).toBe(true)
    expect(isTaggedEvent(c.changes[1]!)).toBe(false) // an untag event
    expect(isTaggedEvent(newEvent(AGGREGATE_TAGGED, { tags: 'vip' }), 'vip')).toBe(false) // malformed data
    expect(codeOf(() => taggedQuery(''))).toBe('INVALID_NAME')
    expect(codeOf(() => taggedQuery('vip', ''))).toBe('INVALID_NAME')
  })
})

describe('aggregate soft delete', () => {
  it('softDeleted follows the latest delete or restore event', () => {
    const c = new Customer(uuid())
    expect(c.softDeleted).toBe(false)
    c.register('a@example.com')
    expect(c.softDeleted).toBe(false)
    c.remove()
    expect(c.softDeleted).toBe(true)
    c.reinstate()
    expect(c.softDeleted).toBe(false)
    c.close() // a second delete event
    expect(c.softDeleted).toBe(true)
  })

  it('is derived from history on replay', () => {
    const id = uuid()
    const c = new Customer(id)
    c.register('a@example.com')
    c.remove()
    expect(replay(id, c.changes).softDeleted).toBe(true)
    c.reinstate()
    expect(replay(id, c.changes).softDeleted).toBe(false)
  })

  it('an event cannot both delete and restore', () => {
    class Confused extends Aggregate<{ 'x.toggled': null }> {
      constructor(id: string) {
        super('x', id)
        this.softDeletedBy('x.toggled')
        this.softRestoredBy('x.toggled')
      }
    }
    expect(codeOf(() => new Confused(uuid()))).toBe('INVALID_STATE')
  })
})

describe('aggregate base state (for snapshots)', () => {
  it('baseState / restoreBaseState carry version, tags and the soft-delete flag', () => {
    const id = uuid()
    const c = new Customer(id)
    c.register('a@example.com')
    c.tag('vip')
    c.remove()
    c.commit()
    const base = c.baseState()
    expect(base).toEqual({ version: 3, tags: ['vip'], softDeleted: true })
    const back = new Customer(id)
    back.restoreBaseState(structuredClone(base))
    expect(back.aggregateVersion).toBe(3)
    expect(back.hasTag('vip')).toBe(true)
    expect(back.softDeleted).toBe(true)
    back.reinstate()
    expect(back.changes[0]?.aggregate?.version).toBe(4)
    expect(back.softDeleted).toBe(false)
  })

  it('refuses a bad version and a restore over uncommitted changes', () => {
    const c = new Customer(uuid())
    expect(codeOf(() => c.restoreBaseState({ version: -1, tags: [], softDeleted: false }))).toBe('INVALID_VERSION')
    expect(codeOf(() => c.restoreBaseState({ version: 1.5, tags: [], softDeleted: false }))).toBe('INVALID_VERSION')
    expect(codeOf(() => c.restoreBaseState({ version: 1, tags: [''], softDeleted: false }))).toBe('INVALID_NAME')
    expect(codeOf(() => c.restoreBaseState({ version: 1 } as never))).toBe('INVALID_STATE')
    c.register('x@example.com')
    expect(codeOf(() => c.restoreBaseState({ version: 1, tags: [], softDeleted: false }))).toBe('INVALID_STATE')
  })
})
