import { GoesError } from '@goes/core'
import { encodeSubjectToken } from './token.js'

/**
 * Maps an event name to the subject tokens that follow the bus prefix. It must be
 * deterministic, and return tokens without white space or wildcards (`*`, `>`).
 *
 * @example
 * ```ts
 * const byContext: SubjectFunction = (name) => encodeSubjectToken(name.split('.')[0]!) + '.' + encodeSubjectToken(name)
 * ```
 * @public
 */
export type SubjectFunction = (name: string) => string

/**
 * Where the events of a bus travel: `<prefix>.<subject(name)>`.
 *
 * @example
 * ```ts
 * const options: SubjectOptions = { prefix: 'shop.events' } // todo.task_added → shop.events.todo:task_added
 * ```
 * @public
 */
export interface SubjectOptions {
  /** First token(s) of every subject, without wildcards. Also what `'*'` subscribes to (`<prefix>.>`). */
  readonly prefix?: string
  /** Event name → the rest of the subject. Default {@link encodeSubjectToken}: one token, reversible. */
  readonly subject?: SubjectFunction
}

const MAX_CACHED = 10_000

/** The subjects of one bus: prefix, subject function (checked, cached) and the wildcard. @internal */
export class Subjects {
  readonly prefix: string
  /** The subject that matches every event of the prefix. */
  readonly all: string
  readonly #fn: SubjectFunction
  readonly #custom: boolean
  #cache = new Map<string, string>()

  constructor(options: SubjectOptions, defaultPrefix: string, owner: string) {
    const prefix = options.prefix ?? defaultPrefix
    const problem = subjectProblem(prefix)
    if (problem !== undefined) {
      throw new GoesError(
        'INVALID_OPTION',
        `The ${owner} option prefix ${JSON.stringify(prefix)} is not a usable subject prefix: ${problem}. Use dot-separated tokens of letters, digits, '_' and '-', e.g. 'shop.events'.`,
      )
    }
    if (options.subject !== undefined && typeof options.subject !== 'function') {
      throw new GoesError(
        'INVALID_OPTION',
        `The ${owner} option subject must be a function from an event name to subject tokens, got ${typeof options.subject}.`,
      )
    }
    this.prefix = prefix
    this.all = `${prefix}.>`
    this.#fn = options.subject ?? encodeSubjectToken
    this.#custom = options.subject !== undefined
  }

  /** The subject of an event name (a valid name: callers check names first). */
  of(name: string): string {
    let subject = this.#cache.get(name)
    if (subject !== undefined) return subject
    const rest = this.#fn(name)
    if (this.#custom) {
      const problem = typeof rest === 'string' ? subjectProblem(rest) : `it returned ${typeof rest}`
      if (problem !== undefined) {
        throw new GoesError(
          'INVALID_OPTION',
          `The subject function maps the event name ${JSON.stringify(name)} to ${JSON.stringify(rest)}, which is not usable: ${problem}. Return tokens without white space or wildcards, e.g. with encodeSubjectToken(name).`,
        )
      }
    }
    subject = `${this.prefix}.${rest}`
    if (this.#cache.size >= MAX_CACHED) this.#cache = new Map()
    this.#cache.set(name, subject)
    return subject
  }
}

/** Why `subject` cannot be a literal subject (or part of one), or undefined when it can. */
export function subjectProblem(subject: string): string | undefined {
  if (subject.length === 0) return 'it is empty'
  for (const ch of subject) {
    const c = ch.codePointAt(0)!
    if (c <= 0x20 || c === 0x7f || ch === '*' || ch === '>' || /\s/.test(ch)) {
      return `it contains ${JSON.stringify(ch)} (white space, control characters and the wildcards * and > are not allowed)`
    }
  }
  if (subject.split('.').includes('')) return 'it has an empty token (a leading, trailing or double dot)'
  return undefined
}
