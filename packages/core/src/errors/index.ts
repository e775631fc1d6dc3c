export type { ErrorCode } from './codes.js'
export { ERROR_CODES, isErrorCode } from './codes.js'
export type { GoesErrorOptions } from './errors.js'
export {
  abortError,
  asGoesError,
  ConsistencyError,
  GoesError,
  isConsistencyError,
  isGoesError,
  isNotFoundError,
  NotFoundError,
  throwIfAborted,
} from './errors.js'
export { formatCause, formatValue } from './format.js'
