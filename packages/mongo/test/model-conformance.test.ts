import type { ModelRepository } from '@goes/core'
import { type ModelRepositorySettings, runModelRepositorySuite, type TestModel } from '@goes/testing'
import { integration } from '@goes-internal/services/integration'
import { MongoClient } from 'mongodb'
import { MongoModelRepository } from '../src/model/index.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')

// CRS-1: core's model-repository contract on the real server. Every repository gets a
// collection of its own (dropped in cleanup); its twin is a second repository on the same
// collection through a second client, as a second process would have.
mongo.describe('CRS-1: MongoModelRepository', () => {
  let t: ScratchDb
  let other: MongoClient
  const settingsOf = new WeakMap<ModelRepository<TestModel>, ModelRepositorySettings>()
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_crs1_model')
    other = await MongoClient.connect(mongo.url)
  })
  afterAll(async () => {
    await other?.close()
    await t?.drop()
  })

  runModelRepositorySuite(
    'CRS-1: MongoModelRepository on FerretDB passes the model-repository suite',
    (settings) => {
      const repo = new MongoModelRepository<TestModel>(t.db, { ...settings, collection: uniqueName('crs1') })
      settingsOf.set(repo, settings)
      return repo
    },
    {
      twin: (repo) =>
        new MongoModelRepository<TestModel>(other.db(t.db.databaseName), {
          ...settingsOf.get(repo),
          collection: (repo as MongoModelRepository<TestModel>).collection.collectionName,
        }),
      cleanup: async (repo) => {
        await (repo as MongoModelRepository<TestModel>).collection.drop().catch(() => undefined)
      },
    },
  )
})
