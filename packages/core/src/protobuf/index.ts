// @goes/core/protobuf — protobuf details for command errors. A separate entry point so that
// the core entry stays free of anything protobuf (protobufjs is an optional peer dependency).

export type { ProtoMessageType, ProtoTypes } from './details.js'
export { findDetail, packDetail, TYPE_URL_PREFIX, typeUrlOf, unpackDetail } from './details.js'
