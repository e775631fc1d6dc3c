import { integration } from '@goes-internal/services/integration'
import { MongoClient } from 'mongodb'

const mongo = integration('mongo')

mongo.describe('smoke', () => {
  it('talks to the server', async () => {
    const client = await MongoClient.connect(mongo.url)
    const r = await client.db('smoke').command({ ping: 1 })
    expect(r.ok).toBe(1)
    await client.close()
  })
})
