export type { ChangeData, ChangeName, ExpectChangeOptions } from './change.js'
export { expectChange, expectNoChange } from './change.js'
