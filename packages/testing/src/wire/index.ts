export type { WireErrorSuiteOptions } from './options.js'
export { runWireErrorSuite, wireErrorCases } from './suite.js'
export type { BusWireSettings, WireErrorTarget, WireReceiver } from './target.js'
export { busWireTarget, commandWireTarget } from './target.js'
