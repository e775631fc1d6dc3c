// `node --import @goes-internal/jest-preset/ts-register script.ts`: runs a package's TypeScript
// sources in a child process the way jest does (swc, workspace packages through their "source"
// export condition). For integration tests that spawn real processes (kill -9, several workers).
import { register } from 'node:module'

register('./ts-loader.mjs', import.meta.url)
