import { ConsistencyError, isConsistencyError } from '../errors/errors.js'
import { sleep } from '../stream/signal.js'
import type { ModelChange, ModelRepository, UseModelOptions } from './repository.js'
import { attemptsOption } from './validate.js'

/**
 * Options of {@link useModel}.
 *
 * @example
 * ```ts
 * await useModel(this, id, fn, { attempts: options?.attempts ?? 10, name: 'MyModelRepository', signal })
 * ```
 * @public
 */
export interface UseModelLoopOptions extends UseModelOptions {
  /** The repository's name for error messages, e.g. `'MongoModelRepository'`. */
  readonly name: string
}

/**
 * `ModelRepository.use()` built on `fetchVersioned` and `save` with `expectedVersion`, for
 * repository implementations: fetch → `fn` → save based on the version read; when the save
 * rejects with a consistency error, wait a small random backoff (growing with each attempt)
 * and run again on the reloaded model, up to `attempts` times, then `CONSISTENCY`. Resolves
 * with the saved model. Other errors (of `fn` too) end it at once; so does the signal.
 *
 * @example
 * ```ts
 * use(id: string, fn: ModelChange<M>, options?: UseModelOptions): Promise<M> {
 *   return useModel(this, id, fn, { ...options, attempts: options?.attempts ?? this.#attempts, name: 'MyModelRepository' })
 * }
 * ```
 * @public
 */
export async function useModel<M>(
  repository: Pick<ModelRepository<M>, 'fetchVersioned' | 'save'>,
  id: string,
  fn: ModelChange<M>,
  options: UseModelLoopOptions,
): Promise<M> {
  const attempts = attemptsOption(options.attempts ?? 10)
  const { signal } = options
  const what = `${options.name}.use(${JSON.stringify(id)})`
  let conflict: unknown
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(Math.random() * 5 * 2 ** Math.min(attempt - 2, 6), signal, what)
    const { model, version } = await repository.fetchVersioned(id, { signal })
    const result = await fn(model)
    const next = result === undefined ? model : result
    try {
      await repository.save(id, next, { expectedVersion: version, signal })
      return next
    } catch (err) {
      if (!isConsistencyError(err)) throw err
      conflict = err
    }
  }
  throw new ConsistencyError(
    `${what} lost ${attempts} time(s) in a row to other writers of the model. ` +
      'Retry later, pass a larger { attempts }, or make fewer writers compete for one model.',
    { cause: conflict },
  )
}
