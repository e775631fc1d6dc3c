/// <reference lib="esnext.disposable" preserve="true" />
// @goes/core — the public surface. Each concept's index.ts lists its public names (values and
// types apart); the root re-exports them.

export * from './aggregate/index.js'
export * from './bus/index.js'
export * from './codec/index.js'
export * from './command/index.js'
export * from './errors/index.js'
export * from './event/index.js'
export * from './handler/index.js'
export * from './model/index.js'
export * from './query/index.js'
export * from './repository/index.js'
export * from './snapshot/index.js'
export * from './store/index.js'
export * from './stream/index.js'
export * from './uuid/index.js'
