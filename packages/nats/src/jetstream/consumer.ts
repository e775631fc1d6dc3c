import { GoesError } from '@goes/core'
import type { ConsumerConfig, ConsumerInfo, JetStreamManager } from '@nats-io/jetstream'
import { nanos } from '@nats-io/transport-node'
import { toGoesError } from '../connection/errors.js'
import type { JetStreamSettings } from './options.js'

/** The shared, acknowledged consumer a durable or group subscription reads from. @internal */
export interface ConsumerPlan {
  /** The consumer's (durable) name. */
  readonly name: string
  /** The subjects it filters on, sorted. */
  readonly filter: readonly string[]
  /** The subjects the subscription wants, sorted (wider filter on servers before 2.10: see subscribe.ts). */
  readonly wanted: readonly string[]
  /** True for a durable name; false for a group's consumer (removed after inactivity). */
  readonly durable: boolean
  /** How messages name it: `durable "x"` or `group "g"`. */
  readonly what: string
}

/**
 * Creates the consumer of a durable or group subscription, starting at stream sequence
 * `startSeq` (resolves 'created'), or verifies the existing one (resolves 'exists'): a pull consumer with explicit acknowledgement and the
 * same filter. A mismatch is INVALID_STATE naming the difference and the fix.
 *
 * @internal
 */
export async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  plan: ConsumerPlan,
  s: JetStreamSettings,
  startSeq: number,
): Promise<'created' | 'exists'> {
  const existing = await consumerInfo(jsm, stream, plan.name)
  if (existing !== undefined) {
    verifyConsumer(existing, stream, plan)
    return 'exists'
  }
  const config: Partial<ConsumerConfig> = {
    durable_name: plan.name,
    description: describe(plan),
    ack_policy: 'explicit',
    deliver_policy: 'by_start_sequence',
    opt_start_seq: startSeq,
    ack_wait: nanos(s.ackWait),
    max_ack_pending: s.maxAckPending,
    ...(plan.filter.length === 1 ? { filter_subject: plan.filter[0] } : { filter_subjects: [...plan.filter] }),
    ...(plan.durable ? {} : { inactive_threshold: nanos(s.groupInactiveThreshold) }),
  }
  try {
    await jsm.consumers.add(stream, config)
    return 'created'
  } catch (err) {
    // Another member created it meanwhile (with another start): verify theirs.
    const raced = await consumerInfo(jsm, stream, plan.name)
    if (raced === undefined) throw toGoesError(err, `creating the JetStream consumer "${plan.name}" on "${stream}"`)
    verifyConsumer(raced, stream, plan)
    return 'exists'
  }
}

async function consumerInfo(jsm: JetStreamManager, stream: string, name: string): Promise<ConsumerInfo | undefined> {
  try {
    return await jsm.consumers.info(stream, name)
  } catch (err) {
    if ((err as { name?: string }).name === 'ConsumerNotFoundError') return undefined
    throw toGoesError(err, `looking up the JetStream consumer "${name}" on "${stream}"`)
  }
}

/** Throws INVALID_STATE when an existing consumer cannot serve the plan. @internal */
export function verifyConsumer(info: ConsumerInfo, stream: string, plan: ConsumerPlan): void {
  const c = info.config
  const fix = `Fix: use another ${plan.durable ? 'durable' : 'group'} name, or delete the consumer (nats consumer rm ${stream} ${plan.name}) so the bus creates it anew.`
  const where = `The JetStream consumer "${plan.name}" (${plan.what}) on stream "${stream}"`
  if (c.deliver_subject !== undefined && c.deliver_subject !== '') {
    throw new GoesError('INVALID_STATE', `${where} is a push consumer; the bus reads with pull consumers. ${fix}`)
  }
  if (c.ack_policy !== 'explicit') {
    throw new GoesError(
      'INVALID_STATE',
      `${where} has ack policy "${c.ack_policy}"; the bus acknowledges each event explicitly. ${fix}`,
    )
  }
  const have = [...(c.filter_subjects ?? (c.filter_subject ? [c.filter_subject] : []))].sort()
  const sameFilter = have.length === plan.filter.length && have.every((f, i) => f === plan.filter[i])
  // A wider filter than the names (servers before 2.10) hides which names the consumer serves:
  // its description records them.
  const sameNames = plan.filter === plan.wanted || c.description === describe(plan)
  if (!sameFilter || !sameNames) {
    throw new GoesError(
      'INVALID_STATE',
      `${where} serves ${sameFilter ? `other names (${JSON.stringify(c.description)})` : JSON.stringify(have)}, but this subscription needs ${JSON.stringify(plan.wanted)}. Every member of a ${plan.durable ? 'durable' : 'group'} must subscribe to the same names. ${fix}`,
    )
  }
}

/** The consumer description, naming the subjects it serves by a short hash. */
function describe(plan: ConsumerPlan): string {
  return `goes JetStreamBus ${plan.what}, subjects #${subjectsKey(plan.wanted)}`
}

/** A short, stable key of a set of subjects (FNV-1a, 32 bits, hex). @internal */
export function subjectsKey(subjects: readonly string[]): string {
  let h = 0x811c9dc5
  const text = subjects.join('\n')
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}
