export { MemoryModelRepository } from './memory.js'
export type { ProgressEvent, ProjectionProgress } from './progress.js'
export { advanceProgress, emptyProgress, progressCovers, progressTime } from './progress.js'
export type {
  ModelChange,
  ModelFactory,
  ModelRepository,
  ModelRepositoryOptions,
  ModelWriteOptions,
  UseModelOptions,
  VersionedModel,
} from './repository.js'
export type { UseModelLoopOptions } from './use.js'
export { useModel } from './use.js'
export { assertModelId, attemptsOption, expectedVersionOption } from './validate.js'
