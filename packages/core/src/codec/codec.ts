/**
 * Encodes event (or command) data to bytes and back. The default codec is JSON.
 *
 * @typeParam T - the type of the data.
 * @public
 */
export interface Codec<T = unknown> {
  encode(data: T): Uint8Array
  decode(bytes: Uint8Array): T
}
