// `pnpm demo`: runs the quickstart on the in-memory default.
import { quickstart } from './quickstart.js'

await quickstart()
