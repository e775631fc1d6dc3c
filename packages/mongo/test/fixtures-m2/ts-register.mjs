// `node --import <this file> script.ts`: runs the package's TypeScript sources in a child
// process the way jest does (swc, "source" export condition). Same hooks as
// packages/nats/test/support (requested as a shared tooling module in /work/notes/requests.md).
import { register } from 'node:module'

register('./ts-loader.mjs', import.meta.url)
