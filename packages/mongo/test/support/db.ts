import { randomBytes } from 'node:crypto'
import { type Db, MongoClient } from 'mongodb'

/** A random name with a prefix, for databases and collections of one test. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`
}

/** A client and a database of its own (random name); `drop()` removes the database and closes the client. */
export interface ScratchDb {
  readonly client: MongoClient
  readonly db: Db
  drop(): Promise<void>
}

/** Connects and picks a fresh database named `<prefix>_<random>`. */
export async function scratchDb(url: string, prefix: string): Promise<ScratchDb> {
  const client = await MongoClient.connect(url)
  const db = client.db(uniqueName(prefix))
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
