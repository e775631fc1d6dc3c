export type { ModelChange, ModelFactory, MongoModelRepositoryOptions, UseModelOptions } from './options.js'
export { MongoModelRepository } from './repository.js'
