import {
  CodecRegistry,
  EventCommandBus,
  type EventCommandBusOptions,
  type EventStore,
  GoesError,
  MemoryBus,
  MemoryStore,
  Repository,
  type RepositoryOptions,
  registerCommandProtocol,
  withBus,
} from '@goes/core'

/**
 * Options of {@link setup}.
 *
 * @example
 * ```ts
 * const { commands } = setup({ sync: false }) // dispatch resolves once a handler accepted
 * ```
 * @public
 */
export interface SetupOptions {
  /**
   * Whether `commands.dispatch()` waits for the handler by default (and rejects with its
   * error). Default `true`; a single dispatch can still pass `{ sync: false }`.
   */
  readonly sync?: boolean
  /**
   * The codecs events and command payloads travel with. Default: a registry that encodes
   * unregistered names as JSON. The command protocol names are registered on it.
   */
  readonly codecs?: CodecRegistry
  /** Options of the command bus besides `codecs` and `sync` (timeouts, `mode`). */
  readonly commandBus?: Omit<EventCommandBusOptions, 'codecs' | 'sync'>
  /** Options of the repository (snapshots, hooks, retry). */
  readonly repository?: RepositoryOptions
}

/**
 * What {@link setup} returns: in-memory parts wired together as in an application.
 *
 * @example
 * ```ts
 * const env: TestSetup = setup()
 * await env.store.insert([newEvent('todo.task_added', { title: 'milk' })]) // also published on env.bus
 * await env.close()
 * ```
 * @public
 */
export interface TestSetup extends AsyncDisposable {
  /** A `MemoryStore` that publishes every inserted event on `bus` (`withBus`). */
  readonly store: EventStore
  /** The in-memory event bus; events travel on it encoded with `codecs`, like on a real bus. */
  readonly bus: MemoryBus
  /** A command bus over `bus`, dispatching synchronously unless `sync: false`. */
  readonly commands: EventCommandBus
  /** A repository over `store`. */
  readonly repository: Repository
  /** The codec registry of `bus` and `commands`: register your event and command names here. */
  readonly codecs: CodecRegistry
  /** Closes the command bus and with it every command subscription (handlers then stop). Idempotent. */
  close(): Promise<void>
}

const KEYS: ReadonlySet<string> = new Set(['sync', 'codecs', 'commandBus', 'repository'])

/**
 * One call for a wired in-memory test environment (FEATURES T2): a store that publishes on a
 * bus, a command bus over that bus — synchronous by default, so `await commands.dispatch(cmd)`
 * returns once the command was executed and rejects with the handler's error — and a
 * repository. Works under any test runner.
 *
 * @example
 * ```ts
 * await using env = setup()
 * const lists = new TypedRepository(env.repository, (id) => new TodoList(id))
 * await handleAggregateCommands(env.commands, lists)
 * await env.commands.dispatch(newCommand('todo.add_task', { title: 'milk' }, { aggregate: { name: 'todo.list', id } }))
 * expect((await lists.fetch(id)).tasks).toEqual(['milk'])
 * ```
 * @public
 */
export function setup(options: SetupOptions = {}): TestSetup {
  if (typeof options !== 'object' || options === null) {
    throw new GoesError('INVALID_OPTION', 'setup() takes its options as an object { sync?, codecs?, … }, or nothing.')
  }
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) {
      throw new GoesError(
        'INVALID_OPTION',
        `Unknown setup() option "${key}". Known ones: ${[...KEYS].join(', ')}; check the spelling.`,
      )
    }
  }
  const sync = options.sync ?? true
  if (typeof sync !== 'boolean') {
    throw new GoesError('INVALID_OPTION', `The setup() option "sync" must be true or false, got ${String(sync)}.`)
  }
  const codecs = registerCommandProtocol(options.codecs ?? new CodecRegistry({ unknownNames: 'json' }))
  const bus = new MemoryBus({ codecs })
  const store = withBus(new MemoryStore(), bus)
  const commands = new EventCommandBus(bus, { ...options.commandBus, codecs, sync })
  const repository = new Repository(store, options.repository)
  const close = (): Promise<void> => commands.close()
  return { store, bus, commands, repository, codecs, close, [Symbol.asyncDispose]: close }
}
