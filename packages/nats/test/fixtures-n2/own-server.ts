// Starts a nats-server of its own, reports its pid, and waits to be killed: the test kills this
// process with SIGKILL and checks the server dies with it (the reaper's watchdog).
import { NatsServer } from '../support/nats-server.js'
import { die, report } from './report.js'

try {
  const server = await NatsServer.start({ jetstream: false })
  report('server', { pid: server.pid, url: server.url })
  setInterval(() => {}, 60_000)
} catch (err) {
  die(err)
}
