import { drain, type Event, isConsistencyError, newEvent, type Query, uuid } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { MongoClient } from 'mongodb'
import { MongoStore } from '../src/index.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')
const ROUNDS = 50
const SIZE = 5

type Tag = { writer: 'a' | 'b'; round: number; i: number }

/** Throws unless every batch (writer, round) in `events` is there with all of its events. */
function assertWholeBatches(events: readonly Event[], sizes: Map<string, number>, what: string): void {
  const counts = new Map<string, number>()
  for (const e of events) {
    const t = e.data as Tag
    const key = `${t.writer}${t.round}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  for (const [key, n] of counts) {
    if (n !== sizes.get(key))
      throw new Error(`${what}: batch ${key} is partly visible (${n} of ${sizes.get(key)} events)`)
  }
}

mongo.describe('MGO-2: two writers racing on one aggregate', () => {
  let t: ScratchDb
  let other: MongoClient
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_m1_race')
    other = await MongoClient.connect(mongo.url)
  })
  afterAll(async () => {
    await other?.close()
    await t?.drop()
  })

  it(`MGO-2: ${ROUNDS} rounds of 5-event batches: exactly one wins, the loser gets CONSISTENCY, no event of the loser's batch is visible to any query`, async () => {
    const collection = uniqueName('events')
    // Two writers with their own connections, and a reader on the first.
    const a = new MongoStore(t.db, { collection })
    const b = new MongoStore(other.db(t.db.databaseName), { collection })
    await Promise.all([a.ready(), b.ready()])
    const id = uuid()
    const shared: Query = { aggregates: [{ name: 'mgo2.shared', id }], sort: [{ by: 'aggregateVersion', dir: 'asc' }] }
    const sizes = new Map<string, number>()
    const losers: Event[] = []
    const wins = { a: 0, b: 0 }
    let midBatchLosses = 0

    // A reader checks during the whole race that no query ever shows part of a batch.
    let racing = true
    let reads = 0
    const reader = (async () => {
      while (racing) {
        const [byAggregate, everything] = await Promise.all([drain(a.query(shared)), drain(a.query())])
        assertWholeBatches(everything, sizes, 'concurrent unfiltered query')
        // The shared aggregate's events of one batch are its last 3 or 5: whole too.
        const tags = byAggregate.map((e) => e.data as Tag)
        for (let i = 1; i < tags.length; i++) {
          if (tags[i]!.writer !== tags[i - 1]!.writer || tags[i]!.round !== tags[i - 1]!.round) {
            const prev = `${tags[i - 1]!.writer}${tags[i - 1]!.round}`
            const n = tags.filter((x) => `${x.writer}${x.round}` === prev).length
            expect(n === SIZE || n === SIZE - 2).toBe(true)
          }
        }
        reads++
      }
    })()

    for (let round = 0; round < ROUNDS; round++) {
      const history = await drain(a.query(shared))
      const v = history.at(-1)?.aggregate?.version ?? 0
      const batchA = Array.from({ length: SIZE }, (_, i) =>
        newEvent(
          'mgo2.by_a',
          { writer: 'a', round, i },
          { aggregate: { name: 'mgo2.shared', id, version: v + 1 + i } },
        ),
      )
      // In odd rounds b's batch starts with two events of its own aggregate: when b loses there,
      // the server has stored those two before refusing the third (an insert loses mid-batch).
      const own = uuid()
      const batchB = Array.from({ length: SIZE }, (_, i) =>
        round % 2 === 1 && i < 2
          ? newEvent(
              'mgo2.by_b',
              { writer: 'b', round, i },
              { aggregate: { name: 'mgo2.own', id: own, version: i + 1 } },
            )
          : newEvent(
              'mgo2.by_b',
              { writer: 'b', round, i },
              {
                aggregate: { name: 'mgo2.shared', id, version: v + 1 + (round % 2 === 1 ? i - 2 : i) },
              },
            ),
      )
      sizes.set(`a${round}`, SIZE)
      sizes.set(`b${round}`, SIZE)
      const [ra, rb] = await Promise.allSettled([a.insert(batchA), b.insert(batchB)])
      const won = [ra, rb].filter((r) => r.status === 'fulfilled').length
      expect({ round, won }).toEqual({ round, won: 1 })
      const lost = ra.status === 'rejected' ? ra : (rb as PromiseRejectedResult)
      expect(isConsistencyError(lost.reason)).toBe(true)
      expect(lost.reason).toMatchObject({ code: 'CONSISTENCY' })
      const loser = ra.status === 'rejected' ? batchA : batchB
      if (ra.status === 'fulfilled') wins.a++
      else wins.b++
      if (loser === batchB && round % 2 === 1) midBatchLosses++
      losers.push(...loser)

      // No event of the loser's batch is visible: by aggregate, by name, by id, unfiltered.
      const loserIds = new Set(loser.map((e) => e.id))
      const seen = [
        ...(await drain(a.query(shared))),
        ...(await drain(b.query({ names: [loser[0]!.name] }))),
        ...(await drain(a.query({ aggregateNames: ['mgo2.own'] }))),
        ...(await drain(b.query())),
      ]
      expect(seen.filter((e) => loserIds.has(e.id))).toEqual([])
      for (const e of loser) await expect(a.find(e.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    }
    racing = false
    await reader

    const final = await drain(a.query(shared))
    expect(final.map((e) => e.aggregate!.version)).toEqual(final.map((_, i) => i + 1))
    const loserIds = new Set(losers.map((e) => e.id))
    expect((await drain(b.query())).filter((e) => loserIds.has(e.id))).toEqual([])
    // The losers' documents are gone, not just hidden.
    expect(await a.collection.countDocuments({ name: { $in: ['mgo2.by_a', 'mgo2.by_b'] } })).toBe(
      (await drain(a.query())).length,
    )
    console.log(
      `MGO-2: ${ROUNDS} rounds — a won ${wins.a}, b won ${wins.b}; ${midBatchLosses} of b's losses happened mid-batch; the concurrent reader ran ${reads} checks`,
    )
    await Promise.all([a.close(), b.close()])
  }, 180_000)
})
