export type { Codec } from './codec.js'
