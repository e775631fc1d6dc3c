import { isGoesError } from '@goes/core'
import { DEFAULT_PREFIX, eventNameOfTopic, topicName } from '../src/index.js'
import { allEventsTopicId, ephemeralSubscriptionId, groupSubscriptionId } from '../src/naming/resource-ids.js'

const VALID_ID = /^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/

const NAMES = [
  'todo.task_added',
  'a',
  'orders/placed',
  'café.opened',
  'emoji 🥛 with spaces',
  '100% ~ tilde',
  'goog.looks-reserved',
  '*not-a-wildcard-inside',
  '日本語.イベント',
  "quote\"s and 'apostrophes' and \\back\\slashes",
  'x'.repeat(200),
]

describe('topic names', () => {
  it.each(NAMES)('%j: a valid topic id that decodes back to the name', (name) => {
    const id = topicName(name)
    expect(id).toMatch(VALID_ID)
    expect(id.startsWith(DEFAULT_PREFIX)).toBe(true)
    expect(id).not.toContain('~')
    expect(eventNameOfTopic(id)).toBe(name)
  })

  it('keeps letters, digits and - _ . + as they are and percent-encodes the rest as UTF-8', () => {
    expect(topicName('todo.task_added')).toBe('goes.todo.task_added')
    expect(topicName('a-b_c.d+e')).toBe('goes.a-b_c.d+e')
    expect(topicName('orders/placed')).toBe('goes.orders%2Fplaced')
    expect(topicName('café')).toBe('goes.caf%C3%A9')
    expect(topicName('~%')).toBe('goes.%7E%25')
    expect(topicName('x', 'shop.')).toBe('shop.x')
  })

  it('different names get different topics (no two encodings collide)', () => {
    const ids = new Set(NAMES.map((n) => topicName(n)))
    expect(ids.size).toBe(NAMES.length)
    expect(topicName('a/b')).not.toBe(topicName('a%2Fb'))
  })

  it('a name whose encoding is too long gets a shortened id ending in ~ and a hash: valid, distinct, not decoded', () => {
    const long = '🥛'.repeat(128) // 256 UTF-16 units, 128 × 12 encoded characters
    const other = `${'🥛'.repeat(127)}🧀`
    const [a, b] = [topicName(long), topicName(other)]
    expect(a).toMatch(VALID_ID)
    expect(a).toHaveLength(255)
    expect(a).toMatch(/~[0-9a-f]{16}$/)
    expect(a).not.toBe(b)
    expect(eventNameOfTopic(a)).toBeUndefined()
  })

  it('eventNameOfTopic is undefined for ids it did not make', () => {
    for (const id of ['other.x', 'goes.', 'goes.%ZZ', 'goes.%e9', 'goes.a~b', 'goes.%2', 'goes.%C3']) {
      expect(eventNameOfTopic(id)).toBeUndefined()
    }
    expect(eventNameOfTopic('shop.x', 'shop.')).toBe('x')
  })

  it('rejects invalid event names with INVALID_NAME and bad prefixes with INVALID_OPTION', () => {
    for (const name of ['', ' padded', 'tab\tinside', '*', 'x'.repeat(257)]) {
      expect(() => topicName(name)).toThrow(expect.objectContaining({ code: 'INVALID_NAME' }))
    }
    for (const prefix of ['', 'a', '1abc.', 'goog.', 'Google.', 'has space.', 'tilde~.', 'per%cent.']) {
      let err: unknown
      try {
        topicName('x', prefix)
      } catch (e) {
        err = e
      }
      expect(isGoesError(err, 'INVALID_OPTION')).toBe(true)
    }
  })
})

describe('the ids of the bus’s own topics and subscriptions', () => {
  it('are valid, and never the topic of an event', () => {
    const ids = [
      allEventsTopicId('goes.'),
      ephemeralSubscriptionId('goes.'),
      groupSubscriptionId('goes.', 'billing', { topic: topicName('shop.order_placed') }),
      groupSubscriptionId('goes.', 'billing', { names: undefined }),
      groupSubscriptionId('goes.', 'billing', { names: ['b', 'a'] }),
      groupSubscriptionId('goes.', 'g'.repeat(256), { topic: topicName('x'.repeat(256)) }),
    ]
    for (const id of ids) {
      expect(id).toMatch(VALID_ID)
      expect(id).toContain('~')
      expect(eventNameOfTopic(id)).toBeUndefined()
    }
  })

  it('a group shares one subscription per group and names; other groups, names or name sets get others', () => {
    const topic = topicName('x')
    expect(groupSubscriptionId('goes.', 'g', { topic })).toBe(groupSubscriptionId('goes.', 'g', { topic }))
    expect(groupSubscriptionId('goes.', 'g', { names: ['a', 'b'] })).toBe(
      groupSubscriptionId('goes.', 'g', { names: ['b', 'a'] }),
    )
    const distinct = new Set([
      groupSubscriptionId('goes.', 'g', { topic }),
      groupSubscriptionId('goes.', 'h', { topic }),
      groupSubscriptionId('goes.', 'g', { topic: topicName('y') }),
      groupSubscriptionId('goes.', 'g', { names: undefined }),
      groupSubscriptionId('goes.', 'g', { names: ['a', 'b'] }),
      groupSubscriptionId('goes.', 'g', { names: ['a', 'c'] }),
      // "a.b" + "c" and "a" + "b.c" must not meet
      groupSubscriptionId('goes.', 'a.b', { topic: topicName('c') }),
      groupSubscriptionId('goes.', 'a', { topic: topicName('b.c') }),
    ])
    expect(distinct.size).toBe(8)
    expect(ephemeralSubscriptionId('goes.')).not.toBe(ephemeralSubscriptionId('goes.'))
  })
})
