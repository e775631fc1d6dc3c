export type { JsonViewDocument } from './document.js'
export type { MongoJsonViewOptions } from './view.js'
export { MongoJsonView } from './view.js'
