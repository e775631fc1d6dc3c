import type { Event, EventBus, SubscribeOptions, Subscription } from '@goes/core'
import { type ALL_EVENTS, newEvent } from '@goes/core'
import { type CaseDef, thenCleanUp } from '../case.js'
import { describeError } from '../util/errors.js'
import { Pump, within } from '../util/wait.js'
import type { BusOptions } from './options.js'

/**
 * What a bus case works with: the bus, names unique to this case (so cases can share a real
 * server), and subscriptions that are closed when the case ends, whatever happens.
 *
 * @internal
 */
export class Session {
  private readonly token = Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')
  private readonly subs: Subscription[] = []

  constructor(
    readonly bus: EventBus,
    readonly o: BusOptions,
  ) {}

  /** A name unique to this case, e.g. `goes.test.1a2b3c4d.created`. */
  name(suffix: string): string {
    return `goes.test.${this.token}.${suffix}`
  }

  /** Whether an event belongs to this case (a wildcard subscription on a shared server sees others). */
  owns(e: Event): boolean {
    return e.name.startsWith(`goes.test.${this.token}.`)
  }

  event(name: string, data: unknown = {}): Event {
    return newEvent(name, data)
  }

  async subscribe(names: readonly string[] | typeof ALL_EVENTS, options?: SubscribeOptions): Promise<Subscription> {
    const sub = await within(this.bus.subscribe(names, options), this.o.eventTimeout, `subscribe(${String(names)})`)
    this.subs.push(sub)
    return sub
  }

  /** Drains a subscription's events in the background (see {@link Pump}). */
  pump(sub: Subscription): Pump<Event> {
    return new Pump<Event>(sub, this.o.eventTimeout)
  }

  /** Drains a subscription's `errors` in the background. */
  errors(sub: Subscription): Pump<unknown> {
    return new Pump<unknown>(sub.errors, this.o.eventTimeout)
  }

  /** Subscribes and pumps in one go. */
  async listen(names: readonly string[] | typeof ALL_EVENTS, options?: SubscribeOptions): Promise<Pump<Event>> {
    return this.pump(await this.subscribe(names, options))
  }

  publish(events: readonly Event[], what = 'publish'): Promise<void> {
    return within(this.bus.publish(events), this.o.eventTimeout * 4, what)
  }

  async closeAll(): Promise<void> {
    const results = await Promise.allSettled(
      this.subs.map((s) => within(s.close(), this.o.eventTimeout, 'closing a subscription after the case')),
    )
    const failed = results.find((r) => r.status === 'rejected')
    if (failed) throw new Error(`closing a subscription failed: ${describeError(failed.reason)}`)
  }
}

/** Defines a bus case whose body gets a {@link Session}; subscriptions are closed afterwards. @internal */
export function busCase(
  id: string,
  title: CaseDef<EventBus, BusOptions>['title'],
  body: (s: Session) => Promise<void>,
  extra: Pick<CaseDef<EventBus, BusOptions>, 'skip' | 'applies' | 'weight'> = {},
): CaseDef<EventBus, BusOptions> {
  return {
    id,
    title,
    ...extra,
    async body(bus, o) {
      const s = new Session(bus, o)
      await thenCleanUp(
        () => body(s),
        () => s.closeAll(),
      )
    },
  }
}
