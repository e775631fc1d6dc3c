import type { ALL_EVENTS } from '@goes/core'
import { raceSignal, subscribeArguments } from '@goes/core/backend'
import type { Consumer, JetStreamClient, JetStreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import { toGoesError } from '../connection/errors.js'
import { supportsMultipleFilters } from '../connection/server.js'
import type { Subjects } from '../subject/subjects.js'
import type { WireSettings } from '../subscription/wire-subscription.js'
import { type ConsumerPlan, ensureConsumer, subjectsKey } from './consumer.js'
import { JsSubscription } from './js-subscription.js'
import { checkName, type JetStreamSettings, type JetStreamSubscribeOptions } from './options.js'

/** What subscribing needs from a JetStreamBus. @internal */
export interface SubscribeContext {
  readonly nc: NatsConnection
  readonly js: JetStreamClient
  readonly jsm: JetStreamManager
  readonly settings: JetStreamSettings
  readonly subjects: Subjects
  readonly wire: (names: ReadonlySet<string> | undefined, signal: AbortSignal | undefined) => WireSettings
  readonly register: (sub: JsSubscription) => void
}

/**
 * Opens a JetStream subscription that delivers every event stored after it resolves: the
 * consumer starts after the stream's last sequence as read here (a durable or group consumer
 * that already exists keeps its own place instead).
 *
 * @internal
 */
export async function openSubscription(
  names: readonly string[] | typeof ALL_EVENTS,
  options: JetStreamSubscribeOptions | undefined,
  ctx: SubscribeContext,
): Promise<JsSubscription> {
  const settings = subscribeArguments(names, options, 'JetStreamBus')
  const durable = options?.durable
  if (durable !== undefined) checkName(durable, 'durable name', 'subscribe option durable')
  const { signal, group } = settings
  const stream = ctx.settings.stream

  // Servers before 2.10 filter a consumer on one subject: several names then read the whole
  // prefix and keep their own subjects here.
  const wanted =
    settings.names === undefined
      ? [ctx.subjects.all]
      : [...new Set([...settings.names].map((n) => ctx.subjects.of(n)))].sort()
  const narrow = wanted.length === 1 || supportsMultipleFilters(ctx.nc)
  const filter = narrow ? wanted : [ctx.subjects.all]
  const accept = narrow ? undefined : new Set(wanted)

  const what = `${durable !== undefined ? `durable "${durable}"` : group !== undefined ? `group "${group}"` : 'subscription'}`
  try {
    const info = await raceSignal(ctx.jsm.streams.info(stream), signal, 'JetStreamBus.subscribe')
    const start = info.state.last_seq + 1
    let consumer: Consumer
    let plan: ConsumerPlan | undefined
    if (durable !== undefined || group !== undefined) {
      // A group's consumer per set of names: members on the same names share it, and members of
      // the same group on other names get their own (JetStream filters per consumer).
      const name = durable ?? groupConsumerName(group!, wanted)
      plan = { name, filter, wanted, durable: durable !== undefined, what }
      await raceSignal(ensureConsumer(ctx.jsm, stream, plan, ctx.settings, start), signal, 'JetStreamBus.subscribe')
      consumer = await ctx.js.consumers.get(stream, plan.name)
    } else {
      consumer = await ctx.js.consumers.get(stream, {
        name_prefix: uniqueConsumerPrefix(),
        filter_subjects: filter.length === 1 ? filter[0]! : filter,
        deliver_policy: 'by_start_sequence',
        opt_start_seq: start,
      })
    }
    const sub = new JsSubscription(ctx.wire(settings.names, signal), {
      ack: plan !== undefined,
      accept,
      recreate: plan === undefined ? undefined : (from) => ensureConsumer(ctx.jsm, stream, plan, ctx.settings, from),
    })
    ctx.register(sub)
    try {
      await sub.start(consumer)
    } catch (err) {
      await sub.close()
      throw err
    }
    return sub
  } catch (err) {
    throw toGoesError(err, `subscribing (${what}) to stream "${stream}"`)
  }
}

/** Ordered consumers are named `<prefix>_<n>`: a prefix per subscription keeps them apart. */
function uniqueConsumerPrefix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8))
  return `goes_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

/**
 * The consumer name of a group on a set of subjects: `g_<group, letters, digits and - only>_<hash>`.
 * Only those characters: nats-server formats consumer names into acknowledgement subjects, and
 * a `%` there breaks them (seen on 2.9: the connection stalls).
 */
function groupConsumerName(group: string, wanted: readonly string[]): string {
  const readable = group.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 64)
  return `g_${readable}_${subjectsKey([group, ...wanted])}`
}
