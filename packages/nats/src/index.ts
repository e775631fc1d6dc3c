// @goes/nats: work in progress.
export {}
