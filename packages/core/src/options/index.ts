export type { DurationRule, IntegerRule } from './check.js'
export { OptionCheck, optionChecks } from './check.js'
