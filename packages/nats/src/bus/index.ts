export type { NatsBusOptions } from './options.js'
