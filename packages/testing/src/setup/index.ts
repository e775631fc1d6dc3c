export type { SetupOptions, TestSetup } from './setup.js'
export { setup } from './setup.js'
