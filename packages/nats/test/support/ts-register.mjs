// `node --import <this file> script.ts`: runs TypeScript sources through ts-loader.mjs.
import { register } from 'node:module'

register('./ts-loader.mjs', import.meta.url)
