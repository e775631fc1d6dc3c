export type { JsonViewDocument } from './document.js'
export type { MongoJsonViewOptions } from './options.js'
export { MongoJsonView } from './view.js'
