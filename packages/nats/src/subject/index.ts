export type { SubjectFunction, SubjectOptions } from './subjects.js'
export { decodeSubjectToken, encodeSubjectToken } from './token.js'
