export type { ErrorCode, GoesErrorOptions } from './errors.js'
export {
  abortError,
  ConsistencyError,
  GoesError,
  isConsistencyError,
  isGoesError,
  isNotFoundError,
  NotFoundError,
} from './errors.js'
