import { GoesError } from '../errors/errors.js'

// Finds data that JSON.stringify would silently change or drop. Two passes, so plain data pays
// little: `isPlainJson` walks without allocating and only says yes or no (it also gives up on
// very deep data, so it needs no cycle tracking); only when it says no does `explain` walk
// again, tracking the path and the ancestors, to name the first problem and its fix.
// A pre-walk plus a replacer-free JSON.stringify measured faster than a replacer function
// (which V8 calls for every value and which takes JSON.stringify off its fast path).

const FAST_DEPTH = 64

// Plain objects and dates made in another realm (node:vm, jest's sandbox, structuredClone under
// jest) have another realm's Object.prototype / Date: recognised here, off the fast path.
function isPlainProto(proto: object | null): boolean {
  if (proto === Object.prototype || proto === null) return true
  if (Object.getPrototypeOf(proto) !== null) return false
  const ctor = (proto as { constructor?: unknown }).constructor
  return typeof ctor === 'function' && ctor.name === 'Object'
}

function isDate(value: object): value is Date {
  if (value instanceof Date) return true
  try {
    Date.prototype.getTime.call(value) // a brand check: throws for anything but a Date
    return true
  } catch {
    return false
  }
}

function tagOf(value: object): string {
  return Object.prototype.toString.call(value)
}

/** True when `value` (nested at most {@link FAST_DEPTH} deep) survives JSON unchanged. @internal */
export function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value)
    case 'object': {
      if (value === null) return true
      if (depth > FAST_DEPTH) return false
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const v = value[i]
          if (v === undefined || !isPlainJson(v, depth + 1)) return false
        }
        return true
      }
      if (isPlainProto(Object.getPrototypeOf(value))) {
        for (const key in value) {
          if (!Object.hasOwn(value, key)) continue
          const v = (value as Record<string, unknown>)[key]
          // An undefined property is dropped by JSON, and reads back as undefined: allowed.
          if (v !== undefined && !isPlainJson(v, depth + 1)) return false
        }
        return true
      }
      return isDate(value) && !Number.isNaN(value.getTime())
    }
    default:
      return false
  }
}

/** Throws `ENCODE_FAILED` naming the first value of `root` JSON cannot keep, if there is one. @internal */
export function explain(root: unknown): void {
  const path: string[] = ['data']
  const ancestors: object[] = []
  const fail = (problem: string, fix: string): never => {
    throw new GoesError(
      'ENCODE_FAILED',
      `Cannot encode the data as JSON: ${path.join('')} is ${problem}. ${fix}, or register a custom codec for this name.`,
    )
  }
  const visit = (value: unknown, inArray: boolean): void => {
    switch (typeof value) {
      case 'undefined':
        if (inArray) fail('undefined (or an array hole), which JSON turns into null', 'Use null instead')
        return
      case 'number':
        if (!Number.isFinite(value)) fail(`${value}, which JSON turns into null`, 'Convert it to null or a string')
        return
      case 'bigint':
        fail(`the bigint ${value}n, which JSON cannot represent`, 'Convert it to a string (value.toString())')
        return
      case 'symbol':
        fail('a symbol, which JSON silently drops', 'Convert it to a string')
        return
      case 'function':
        fail('a function, which JSON silently drops', 'Remove it from the data')
        return
      case 'object':
        break
      default:
        return
    }
    if (value === null) return
    const cycleAt = ancestors.indexOf(value)
    if (cycleAt >= 0) {
      const target = path.slice(0, cycleAt + 1).join('')
      fail(`a reference back to ${target} (a cycle), which JSON cannot represent`, 'Remove the cycle')
    }
    if (Array.isArray(value)) {
      ancestors.push(value)
      for (let i = 0; i < value.length; i++) {
        path.push(`[${i}]`)
        visit(value[i], true)
        path.pop()
      }
      ancestors.pop()
      return
    }
    const proto = Object.getPrototypeOf(value)
    if (isPlainProto(proto)) {
      ancestors.push(value)
      for (const key of Object.keys(value)) {
        path.push(/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)
        visit((value as Record<string, unknown>)[key], false)
        path.pop()
      }
      ancestors.pop()
      return
    }
    if (isDate(value)) {
      if (Number.isNaN(value.getTime())) fail('an invalid Date, which JSON turns into null', 'Use a valid Date or null')
      return
    }
    if (tagOf(value) === '[object Map]') {
      fail('a Map, which JSON turns into {}', 'Convert it to a plain object (Object.fromEntries(map)) or an array')
    }
    if (tagOf(value) === '[object Set]') fail('a Set, which JSON turns into {}', 'Convert it to an array ([...set])')
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
      fail('binary data, which JSON turns into an object of numbers', 'Convert it to a base64 string or an array')
    }
    const ctor = (proto as { constructor?: { name?: unknown } }).constructor?.name
    const kind =
      typeof ctor === 'string' && ctor !== '' ? `an instance of ${ctor}` : 'an object with a custom prototype'
    fail(`${kind}, which JSON turns into a plain object without its class`, 'Convert it to a plain object')
  }
  try {
    visit(root, false)
  } catch (err) {
    if (err instanceof RangeError) {
      throw new GoesError(
        'ENCODE_FAILED',
        'Cannot encode the data as JSON: it is nested too deeply. Flatten it, or register a custom codec for this name.',
        { cause: err },
      )
    }
    throw err
  }
}
