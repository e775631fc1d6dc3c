export { DEFAULT_PREFIX, eventNameOfTopic, topicName } from './topic-name.js'
