export { EventCommandBus } from './event-command-bus.js'
export type { EventCommandBusOptions } from './options.js'
export type {
  CommandBusMode,
  CommandDispatchedMessage,
  CommandExecutedMessage,
  CommandHandshakeMessage,
  CommandProtocolMessage,
  CommandWireCause,
  CommandWireError,
} from './protocol.js'
export {
  COMMAND_ACCEPTED,
  COMMAND_ASSIGNED,
  COMMAND_DISPATCHED,
  COMMAND_EXECUTED,
  COMMAND_PROTOCOL_NAMES,
  COMMAND_REQUESTED,
} from './protocol.js'
export { commandProtocolCodec, registerCommandProtocol } from './protocol-codec.js'
export type { EventCommandSubscription } from './subscription.js'
