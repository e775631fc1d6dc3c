// Appends each jest run's counts to the file named by GOES_TEST_SUMMARY (one JSON line per
// package), so the root test command can print one closing total for the whole repo.
const { appendFileSync } = require('node:fs')
const { basename } = require('node:path')

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.GOES_TEST_SUMMARY
    if (!file) return
    let name = basename(process.cwd())
    try {
      name = require(`${process.cwd()}/package.json`).name
    } catch {}
    const line = {
      package: name,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      failedSuites: results.numFailedTestSuites,
      runtimeErrorSuites: results.numRuntimeErrorTestSuites,
    }
    appendFileSync(file, `${JSON.stringify(line)}\n`)
  }
}

module.exports = SummaryReporter
