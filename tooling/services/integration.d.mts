/** Whether missing servers fail the run (CI, or GOES_REQUIRE_SERVICES=1) instead of skipping. */
export function servicesRequired(env?: NodeJS.ProcessEnv): boolean
/** A service for integration tests: URL, availability, and a describe that skips loudly (or fails under CI). */
export function integration(name: 'mongo' | 'nats' | 'pubsub'): {
  readonly url: string
  readonly host: string
  readonly port: number
  readonly available: boolean
  readonly describe: (title: string, body: () => void) => void
}
/** The nats-server binary the harness built; throws with the fix when it is missing. */
export function natsServerBin(env?: NodeJS.ProcessEnv): string
