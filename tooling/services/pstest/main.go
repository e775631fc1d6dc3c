// Command pstest serves Google's in-memory Cloud Pub/Sub fake (package pstest) on a
// loopback port, so the Node.js tests can point PUBSUB_EMULATOR_HOST at it.
// The service harness (../bin.mjs) builds it once into its cache and starts it.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"cloud.google.com/go/pubsub/v2/pstest"
)

func main() {
	port := flag.Int("port", 8085, "TCP port to listen on (loopback)")
	flag.Parse()

	srv := pstest.NewServerWithPort(*port)
	// One line the harness can show: where it listens.
	fmt.Printf("pstest listening on %s\n", srv.Addr)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	if err := srv.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "pstest: close: %v\n", err)
	}
}
