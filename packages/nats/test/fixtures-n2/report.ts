// What fixture scripts use to talk to the test that started them: one JSON object per stdout
// line (read by ChildScript in test/support/child.ts).

/** Prints `{ type, ...fields }` as one line on stdout. */
export function report(type: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ ...fields, type })}\n`)
}

/** Reports an error that ends the script, and exits with code 1. */
export function die(err: unknown): never {
  report('fatal', { message: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  process.exit(1)
}

/** Reads a required environment variable. */
export function env(name: string): string {
  const value = process.env[name]
  if (value === undefined || value === '') die(new Error(`the fixture needs ${name}`))
  return value
}
