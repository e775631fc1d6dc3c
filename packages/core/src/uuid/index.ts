export { assertUUID, isNilUUID, isUUID, NIL_UUID, uuid } from './uuid.js'
