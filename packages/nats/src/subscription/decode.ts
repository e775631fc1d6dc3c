/** A message as both nats.js core and JetStream hand it over. @internal */
export interface WireMessage {
  readonly subject: string
  readonly data: Uint8Array
}
