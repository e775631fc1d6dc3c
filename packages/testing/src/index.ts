// @goes/testing — conformance suites for event stores, event buses, snapshot stores and model repositories, and the wire-error cases every bus shares. Values and types apart.

export type { EventBusSuiteOptions } from './bus/options.js'
export { eventBusCases, runEventBusSuite } from './bus/suite.js'
export type { DescribeFn, Factory, ItFn, SuiteOptions, TestCase } from './case.js'
export type { ChangeData, ChangeName, ExpectChangeOptions } from './expect/index.js'
export { expectChange, expectNoChange } from './expect/index.js'
export type {
  ModelRepositoryFactory,
  ModelRepositorySettings,
  ModelRepositorySuiteOptions,
  TestModel,
} from './model/options.js'
export { modelRepositoryCases, runModelRepositorySuite } from './model/suite.js'
export { registerCases } from './runner.js'
export type { SetupOptions, TestSetup } from './setup/index.js'
export { setup } from './setup/index.js'
export type { SnapshotStoreSuiteOptions } from './snapshot/options.js'
export { runSnapshotStoreSuite, snapshotStoreCases } from './snapshot/suite.js'
export type { EventStoreSuiteOptions } from './store/options.js'
export { eventStoreCases, runEventStoreSuite } from './store/suite.js'
export type { BusWireSettings, WireErrorSuiteOptions, WireErrorTarget, WireReceiver } from './wire/index.js'
export { busWireTarget, commandWireTarget, runWireErrorSuite, wireErrorCases } from './wire/index.js'
