/** @type {import('jest').Config} */
module.exports = { preset: '@goes-internal/jest-preset' }
