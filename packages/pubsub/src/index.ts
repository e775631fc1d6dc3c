// @goes/pubsub: work in progress.
export {}
