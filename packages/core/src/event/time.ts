// Nanosecond-resolution timestamps from the Web Performance API: the wall-clock origin plus a
// monotonic offset, forced strictly increasing within the process so that two events created
// one after the other never share a time.

const originNs = BigInt(Math.round(performance.timeOrigin * 1000)) * 1000n
let lastNs = 0n

/**
 * Nanoseconds since the Unix epoch as a bigint, strictly increasing within this process.
 *
 * @public
 */
export function nowNano(): bigint {
  let ns = originNs + BigInt(Math.floor(performance.now() * 1e6))
  if (ns <= lastNs) ns = lastNs + 1n
  lastNs = ns
  return ns
}

/** Converts a `Date` to nanoseconds since the Unix epoch. @public */
export function dateToNano(date: Date): bigint {
  return BigInt(date.getTime()) * 1_000_000n
}

/** Converts nanoseconds since the Unix epoch to a `Date` (millisecond precision). @public */
export function nanoToDate(ns: bigint): Date {
  // Floor division also for times before 1970.
  const ms = ns >= 0n ? ns / 1_000_000n : -((-ns + 999_999n) / 1_000_000n)
  return new Date(Number(ms))
}
