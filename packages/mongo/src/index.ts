// @goes/mongo: work in progress.
export {}
