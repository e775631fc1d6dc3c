import type { Collection, ObjectId } from 'mongodb'
import { type EventDoc, READ_OPTIONS } from './schema.js'
import { bsonToId } from './uuid.js'

// The visibility rule, applied to a stream of documents in cursor order (see visible.ts).
//
// A document of a multi-event batch (`batchSize > 1`) may be handed out only once its batch is
// known to be complete. Batches whose documents all came through the cursor are complete
// without asking; the others are looked up (all of them in one query): fewer documents than
// `batchSize` → the batch is hidden from this read. A complete batch that a sorted read would
// have had to show earlier (it committed after the cursor passed one of its matching
// documents) is hidden from this read too, so no read shows part of a batch; otherwise its
// matching documents the cursor did not bring are merged in at their place.

const COMPACT_AT = 1024
/** Documents held back waiting for a batch before its batch is looked up regardless. */
const MAX_HELD = 10_000

interface Open {
  readonly batch: ObjectId
  readonly first: EventDoc
  readonly firstPos: number
  readonly size: number
  readonly ids: Set<string>
}

/** Whether a document is in a multi-event batch (not detached). @internal */
export function inBatch(doc: EventDoc): boolean {
  return doc.batch !== undefined && doc.batch !== null && (doc.batchSize ?? 0) > 1
}

/** Documents in cursor order in; visible documents in order out. @internal */
export class BatchGate {
  readonly #pending: EventDoc[] = []
  #head = 0
  #read = 0
  readonly #verdicts = new Map<string, boolean>()
  /** Of batches seen whole in the cursor: their documents not handed on yet (then forgotten). */
  readonly #due = new Map<string, number>()
  readonly #open = new Map<string, Open>()
  readonly #merge: EventDoc[] = []
  readonly #mergedIds = new Set<string>()
  #blocked = false

  constructor(
    private readonly collection: Collection<EventDoc>,
    private readonly matches: (doc: EventDoc) => boolean,
    private readonly compare: ((a: EventDoc, b: EventDoc) => number) | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Takes the next documents of the cursor. */
  add(docs: readonly EventDoc[]): void {
    for (const doc of docs) {
      this.#read++
      this.#pending.push(doc)
      if (!inBatch(doc)) continue
      const key = doc.batch!.toHexString()
      if (this.#verdicts.has(key)) continue
      let open = this.#open.get(key)
      if (open === undefined) {
        open = { batch: doc.batch!, first: doc, firstPos: this.#read, size: doc.batchSize!, ids: new Set() }
        this.#open.set(key, open)
      }
      open.ids.add(bsonToId(doc._id) ?? '')
      if (open.ids.size >= open.size) {
        this.#verdicts.set(key, true)
        this.#due.set(key, open.ids.size)
        this.#open.delete(key)
      }
    }
  }

  /**
   * The next document to hand out, or undefined when none is ready: all handed out, or the next
   * one waits for its batch ({@link blocked}).
   */
  next(): EventDoc | undefined {
    const pending = this.#pending
    this.#blocked = false
    while (this.#head < pending.length) {
      const doc = pending[this.#head]!
      let visible = true
      let key: string | undefined
      if (inBatch(doc)) {
        key = doc.batch!.toHexString()
        const v = this.#verdicts.get(key)
        if (v === undefined) {
          this.#blocked = true
          return undefined
        }
        visible = v
      }
      if (this.#merge.length > 0 && (this.compare === undefined || this.compare(this.#merge[0]!, doc) < 0)) {
        return this.#merge.shift()
      }
      if (key !== undefined) this.#handedOn(key)
      this.#head++
      if (this.#head >= COMPACT_AT && this.#head * 2 >= pending.length) {
        pending.splice(0, this.#head)
        this.#head = 0
      }
      if (!visible) continue
      if (this.#mergedIds.size > 0 && this.#mergedIds.has(bsonToId(doc._id) ?? '')) continue
      return doc
    }
    return undefined
  }

  // A batch seen whole in the cursor has no documents left to come: once they are all handed
  // on, its verdict is forgotten, so a long stream does not keep one entry per batch.
  #handedOn(key: string): void {
    const due = this.#due.get(key)
    if (due === undefined) return
    if (due > 1) {
      this.#due.set(key, due - 1)
    } else {
      this.#due.delete(key)
      this.#verdicts.delete(key)
    }
  }

  /** Whether the last {@link next} stopped at a document that waits for its batch. */
  get blocked(): boolean {
    return this.#blocked
  }

  /** Whether to look the open batches up now rather than read on (they had room to complete). */
  shouldResolve(): boolean {
    if (this.#pending.length - this.#head > MAX_HELD) return true
    const doc = this.#pending[this.#head]
    const open = doc === undefined ? undefined : this.#open.get(doc.batch!.toHexString())
    return open !== undefined && this.#read - open.firstPos + 1 >= open.size
  }

  /** The documents merged in that sort after everything the cursor brought. */
  flush(): EventDoc[] {
    return this.#merge.splice(0)
  }

  /** Looks every open batch up and decides it. */
  async resolve(): Promise<void> {
    const open = [...this.#open.values()]
    this.#open.clear()
    if (open.length === 0) return
    const batches = open.map((o) => o.batch)
    const found = await this.collection
      .find({ batch: batches.length === 1 ? batches[0]! : { $in: batches } }, { ...READ_OPTIONS, signal: this.signal })
      .toArray()
    const byBatch = new Map<string, EventDoc[]>()
    for (const doc of found) {
      const key = doc.batch!.toHexString()
      const list = byBatch.get(key)
      if (list === undefined) byBatch.set(key, [doc])
      else list.push(doc)
    }
    for (const o of open) {
      const key = o.batch.toHexString()
      this.#verdicts.set(key, this.#decide(o, byBatch.get(key) ?? []))
    }
    if (this.compare !== undefined) this.#merge.sort(this.compare)
  }

  #decide(o: Open, docs: EventDoc[]): boolean {
    if (docs.length < o.size) return false
    // Detached members are standalone: the cursor hands them out on their own.
    const unseen = docs.filter((d) => inBatch(d) && !o.ids.has(bsonToId(d._id) ?? '') && this.matches(d))
    const compare = this.compare
    if (compare !== undefined && unseen.some((d) => compare(d, o.first) < 0)) return false
    for (const d of unseen) {
      const id = bsonToId(d._id) ?? ''
      if (this.#mergedIds.has(id)) continue
      this.#mergedIds.add(id)
      this.#merge.push(d)
    }
    return true
  }
}

/** Whether all documents of a batch exist (one query). @internal */
export async function batchComplete(
  collection: Collection<EventDoc>,
  batch: ObjectId,
  size: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const docs = await collection.find({ batch }, { projection: { _id: 1 }, signal }).toArray()
  return docs.length >= size
}
