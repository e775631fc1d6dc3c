// memory-bus-publish-receive: 100k events through a MemoryBus to one subscriber of their names
// that receives every one of them. One op = one event published and received.
// The timed publisher publishes batches of 100 (as withBus does after a store insert of a
// batch); the extra field single_event_ops is the same run with one publish() call per event,
// each awaited, the other realistic pattern (a command that emits one event).
// Baseline: a Node EventEmitter — emit(name, event) per event to a listener on each name.
// For context, emitter_async_ops is Node's own async-iterable take on an EventEmitter
// (events.on(), one channel for all events): the same contract as a subscription, so it pays
// the same per-event promise that a synchronous listener does not.
// floor is the ratio that contract allows at best: a for await over an iterator that does no
// work (each next() an already-resolved result of the next event) against the same
// EventEmitter baseline, timed in alternating rounds here.
import { EventEmitter, on } from 'node:events'
import { batches, expectCount, measure, receiveCount, scenario } from '@goes-internal/bench'
import { type Event, MemoryBus, type Subscription } from '../src/index.js'
import { makeEvents, NAMES } from './events.js'

const COUNT = 100_000
const events = makeEvents(COUNT)
const inBatches = batches(events, 100)

let bus = new MemoryBus()
let subscription: Subscription | undefined
let emitter = new EventEmitter()
let handled = 0

async function setup(): Promise<void> {
  bus = new MemoryBus()
  subscription = await bus.subscribe([...NAMES])
  emitter = new EventEmitter()
  handled = 0
  const listener = (_: Event): void => {
    handled++
  }
  for (const name of NAMES) emitter.on(name, listener)
}

async function publishAll(publish: () => Promise<void>): Promise<void> {
  if (subscription === undefined) throw new Error('setup() did not subscribe')
  const receiving = receiveCount(subscription, COUNT)
  await publish()
  handled = await receiving
}

async function teardown(): Promise<void> {
  // The baseline's rounds leave their subscription unread; close it so no round leaks one.
  await subscription?.close()
  expectCount('memory-bus-publish-receive', handled, COUNT)
}

const singleEventOps = await measure(
  () =>
    publishAll(async () => {
      for (const event of events) await bus.publish([event])
    }),
  { ops: COUNT, rounds: 3, setup, teardown },
)

const emitterAsyncOps = await measure(
  async () => {
    const emitter = new EventEmitter()
    const received = (async () => {
      let n = 0
      for await (const _ of on(emitter, 'event')) if (++n === COUNT) break
      return n
    })()
    for (const batch of inBatches) {
      for (const event of batch) emitter.emit('event', event)
      await null // as a publish() call would, let the reader run between batches
    }
    handled = await received
  },
  { ops: COUNT, rounds: 3, teardown: () => expectCount('events.on', handled, COUNT) },
)

/** An async iterator that does no work: each next() is an already-resolved result of the next event. */
function resolvedResults(items: readonly Event[]): AsyncIterableIterator<Event> {
  let i = 0
  return {
    next: () =>
      Promise.resolve(i < items.length ? { value: items[i++]!, done: false } : { value: undefined, done: true }),
    [Symbol.asyncIterator]() {
      return this
    },
  }
}

async function floorRatio(rounds: number): Promise<number> {
  const emitterRound = () => {
    const emitter = new EventEmitter()
    let n = 0
    const listener = (_: Event): void => {
      n++
    }
    for (const name of NAMES) emitter.on(name, listener)
    for (const event of events) emitter.emit(event.name, event)
    handled = n
  }
  const floorRound = async () => {
    let n = 0
    for await (const _ of resolvedResults(events)) if (++n === COUNT) break
    handled = n
  }
  const check = (what: string) => () => expectCount(what, handled, COUNT)
  let emitterOps = 0
  let floorOps = 0
  for (let i = 0; i < rounds; i++) {
    const warmup = i === 0 ? 1 : 0
    emitterOps = Math.max(
      emitterOps,
      await measure(emitterRound, { ops: COUNT, rounds: 1, warmup, teardown: check('emitter') }),
    )
    floorOps = Math.max(
      floorOps,
      await measure(floorRound, { ops: COUNT, rounds: 1, warmup, teardown: check('floor') }),
    )
  }
  return floorOps / emitterOps
}

const floor = await floorRatio(10)

await scenario(
  'memory-bus-publish-receive',
  () =>
    publishAll(async () => {
      for (const batch of inBatches) await bus.publish(batch)
    }),
  () => {
    for (const event of events) emitter.emit(event.name, event)
  },
  {
    ops: COUNT,
    rounds: 10,
    goal: 0.3,
    setup,
    teardown,
    extra: () => ({
      batch: 100,
      single_event_ops: singleEventOps,
      emitter_async_ops: emitterAsyncOps,
      floor,
    }),
  },
)
