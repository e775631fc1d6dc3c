import { isGoesError } from '@goes/core'
import { decodeSubjectToken, encodeSubjectToken } from '../src/index.js'
import { covers } from '../src/jetstream/stream.js'
import { Subjects } from '../src/subject/subjects.js'

describe('subject tokens', () => {
  it.each([
    ['todo.task_added', 'todo:task_added'],
    ['orders.>', 'orders:%3E'],
    ['a b', 'a%20b'],
    ['x.*.y', 'x:%2A:y'],
    ['ratio:50%', 'ratio%3A50%25'],
    ['café.ordered', 'caf%C3%A9:ordered'],
    ['𝄞', '%F0%9D%84%9E'],
    ['A-Z_0-9', 'A-Z_0-9'],
  ])('encodes %j as the single token %j and back', (name, token) => {
    expect(encodeSubjectToken(name)).toBe(token)
    expect(decodeSubjectToken(token)).toBe(name)
    expect(token).toMatch(/^[A-Za-z0-9_:%-]+$/) // one token, never a wildcard
  })

  it('round-trips every printable ASCII character and some beyond', () => {
    const chars = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('') + 'äöü€𝄞日本'
    for (const ch of chars) {
      const name = `x${ch}y`
      const token = encodeSubjectToken(name)
      expect(token).not.toMatch(/[.*>\s]/)
      expect(decodeSubjectToken(token)).toBe(name)
    }
  })

  it.each([
    ['', 'empty'],
    ['a.b', 'a dot'],
    ['a%2e', 'a lower-case escape'],
    ['a%2', 'a cut escape'],
    ['%FF', 'bytes that are not UTF-8'],
    ['%41', 'an escape of a kept character (not canonical)'],
    ['a b', 'white space'],
  ])('rejects %j (%s) with MALFORMED_MESSAGE', (token) => {
    let err: unknown
    try {
      decodeSubjectToken(token)
    } catch (e) {
      err = e
    }
    expect(isGoesError(err, 'MALFORMED_MESSAGE')).toBe(true)
  })
})

describe('Subjects', () => {
  it('prefixes the encoded name; "*" is the prefix wildcard', () => {
    const s = new Subjects({ prefix: 'shop.events' }, 'goes.events', 'NatsBus')
    expect(s.of('orders.>')).toBe('shop.events.orders:%3E')
    expect(s.all).toBe('shop.events.>')
  })

  it.each(['', 'a..b', '.a', 'a.', 'a.*', 'a.>', 'a b', 'a\tb'])(
    'rejects the prefix %j with INVALID_OPTION',
    (prefix) => {
      expect(() => new Subjects({ prefix }, 'goes.events', 'NatsBus')).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      )
    },
  )

  it('checks what a custom subject function returns: INVALID_OPTION instead of a widened subscription', () => {
    const s = new Subjects({ subject: (name) => name }, 'goes.events', 'NatsBus')
    expect(s.of('todo.task_added')).toBe('goes.events.todo.task_added') // several tokens are fine
    for (const bad of ['orders.>', 'x.*.y', 'a b', 'a..b']) {
      expect(() => s.of(bad)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
    }
  })
})

describe('stream subject coverage', () => {
  it.each([
    ['goes.>', 'goes.events.>', true],
    ['goes.events.>', 'goes.events.>', true],
    ['>', 'goes.events.>', true],
    ['goes.*.>', 'goes.events.>', true],
    ['goes.events.*', 'goes.events.>', false],
    ['goes.other.>', 'goes.events.>', false],
    ['goes.events', 'goes.events.>', false],
  ])('%j covers %j: %s', (pattern, subject, want) => {
    expect(covers(pattern, subject)).toBe(want)
  })
})
