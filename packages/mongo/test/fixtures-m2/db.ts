import { randomBytes } from 'node:crypto'
import { type Db, MongoClient } from 'mongodb'

/** A client and a fresh database of its own (random name) for one test file; drop() removes it. */
export interface TestDb {
  readonly client: MongoClient
  readonly db: Db
  drop(): Promise<void>
}

export function randomName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`
}

export async function testDb(url: string, prefix: string): Promise<TestDb> {
  const client = await MongoClient.connect(url, { monitorCommands: process.env.M2_MONITOR === '1' })
  if (process.env.M2_MONITOR === '1') {
    client.on('commandStarted', (e) =>
      process.stderr.write(`CMD ${e.commandName} ${JSON.stringify(e.command).slice(0, 400)}\n`),
    )
    client.on('commandFailed', (e) => process.stderr.write(`FAILED ${e.commandName} ${String(e.failure)}\n`))
  }
  const db = client.db(randomName(prefix))
  return {
    client,
    db,
    async drop() {
      try {
        await db.dropDatabase()
      } finally {
        await client.close()
      }
    },
  }
}
