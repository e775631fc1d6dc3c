import type { DescribeFn, ItFn, SuiteOptions, TestCase } from './case.js'

/**
 * Registers cases with the test runner: one `describe(name)` and one `it` per case, skipped
 * cases through `it.skip` so the report shows them (their title says why).
 *
 * @example
 * ```ts
 * registerCases('my store', eventStoreCases(() => new MyStore()))
 * ```
 * @public
 */
export function registerCases(
  name: string,
  cases: readonly TestCase[],
  options: Pick<SuiteOptions<unknown>, 'describe' | 'it'> = {},
): void {
  const { describe, it } = testApi(options)
  describe(name, () => {
    for (const c of cases) {
      if (c.skipped !== undefined && it.skip !== undefined) it.skip(c.title, () => c.run(), c.timeout)
      else it(c.title, () => c.run(), c.timeout)
    }
  })
}

function testApi(options: Pick<SuiteOptions<unknown>, 'describe' | 'it'>): { describe: DescribeFn; it: ItFn } {
  const g = globalThis as { describe?: unknown; it?: unknown }
  const describe = options.describe ?? g.describe
  const it = options.it ?? g.it
  if (typeof describe !== 'function' || typeof it !== 'function') {
    throw new Error(
      'No test runner found: globalThis.describe/it are missing. Run the suite under jest, or vitest with ' +
        '`globals: true`, or pass `describe` and `it` in the options.',
    )
  }
  return { describe: describe as DescribeFn, it: it as ItFn }
}
