import {
  assertCommand,
  CommandError,
  commandError,
  fail,
  GoesError,
  isCommandError,
  isGoesError,
  NIL_UUID,
  NotFoundError,
  newCommand,
  toCommandError,
  uuid,
} from '../src/index.js'

function codeOf(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return (err as { code?: unknown }).code
  }
  return 'no error'
}

describe('newCommand', () => {
  it('creates a frozen command with a fresh id, the payload and an optional aggregate', () => {
    const listId = uuid()
    const payload = { title: 'milk' }
    const cmd = newCommand('todo.add_task', payload, { aggregate: { name: 'todo.list', id: listId } })
    expect(cmd.name).toBe('todo.add_task')
    expect(cmd.payload).toBe(payload)
    expect(cmd.aggregate).toEqual({ name: 'todo.list', id: listId })
    expect(Object.isFrozen(cmd)).toBe(true)
    expect(Object.isFrozen(cmd.aggregate)).toBe(true)
    expect(Object.isFrozen(cmd.payload)).toBe(false)
    expect(newCommand('todo.add_task', null).id).not.toBe(cmd.id)
    expect(newCommand('todo.add_task', null).aggregate).toBeUndefined()
  })

  it('keeps a given id and copies only name and id of the aggregate', () => {
    const id = uuid()
    const aggregate = { name: 'todo.list', id: uuid(), version: 3 }
    const cmd = newCommand('todo.clear', undefined, { id, aggregate })
    expect(cmd.id).toBe(id)
    expect(cmd.aggregate).toEqual({ name: 'todo.list', id: aggregate.id })
  })

  it.each([
    ['an empty name', () => newCommand('', {}), 'INVALID_NAME'],
    ['a non-string name', () => newCommand(42 as unknown as string, {}), 'INVALID_NAME'],
    ['a bad id', () => newCommand('a.b', {}, { id: 'nope' }), 'INVALID_UUID'],
    ['the nil id', () => newCommand('a.b', {}, { id: NIL_UUID }), 'NIL_UUID'],
    ['a bad aggregate name', () => newCommand('a.b', {}, { aggregate: { name: ' x', id: uuid() } }), 'INVALID_NAME'],
    ['a bad aggregate id', () => newCommand('a.b', {}, { aggregate: { name: 'x', id: '1' } }), 'INVALID_UUID'],
    [
      'an aggregate that is not an object',
      () => newCommand('a.b', {}, { aggregate: 'x' as unknown as { name: string; id: string } }),
      'INVALID_OPTION',
    ],
    ['options that are not an object', () => newCommand('a.b', {}, null as unknown as object), 'INVALID_OPTION'],
  ])('rejects %s with a typed error', (_, fn, code) => {
    expect(codeOf(fn)).toBe(code)
  })

  it('assertCommand accepts hand-made commands and rejects malformed ones', () => {
    expect(() => assertCommand({ id: uuid(), name: 'a.b', payload: 1 })).not.toThrow()
    expect(codeOf(() => assertCommand(null))).toBe('INVALID_OPTION')
    expect(codeOf(() => assertCommand({ name: 'a.b', payload: 1 }))).toBe('INVALID_UUID')
    expect(codeOf(() => assertCommand({ id: uuid(), name: '', payload: 1 }))).toBe('INVALID_NAME')
  })
})

describe('CommandError', () => {
  it('carries code, message, localised messages, details and cause', () => {
    const cause = new Error('disk full')
    const detail = { typeUrl: 'type.googleapis.com/x.Y', value: new Uint8Array([1, 2]) }
    const err = new CommandError('LIST_FULL', 'The list is full.', {
      cause,
      details: [detail],
      messages: { de: 'Die Liste ist voll.', 'fr-CA': 'La liste est pleine.' },
    })
    expect(err).toBeInstanceOf(Error)
    expect(err.name).toBe('CommandError')
    expect(err.code).toBe('LIST_FULL')
    expect(err.message).toBe('The list is full.')
    expect(err.cause).toBe(cause)
    expect(err.details).toEqual([detail])
    expect(Object.isFrozen(err.details)).toBe(true)
    expect(err.localizedMessage('de')).toBe('Die Liste ist voll.')
    expect(err.localizedMessage('de-AT')).toBe('Die Liste ist voll.')
    expect(err.localizedMessage('DE_de')).toBe('Die Liste ist voll.')
    expect(err.localizedMessage('fr')).toBe('La liste est pleine.')
    expect(err.localizedMessage('it')).toBe('The list is full.')
    expect(err.localizedMessage()).toBe('The list is full.')
    expect(commandError(7, 'seven').code).toBe(7)
  })

  it('prefers an exact locale over the bare language over another region', () => {
    const err = commandError('X', 'default', { messages: { 'en-GB': 'colour', en: 'color?', 'en-US': 'color' } })
    expect(err.localizedMessage('en-US')).toBe('color')
    expect(err.localizedMessage('en-AU')).toBe('color?')
    const regional = commandError('X', 'default', { messages: { 'pt-BR': 'cor' } })
    expect(regional.localizedMessage('pt')).toBe('cor')
  })

  it('keeps a locale named __proto__ as an ordinary message', () => {
    const err = commandError('X', 'default', { messages: JSON.parse('{"__proto__":"odd"}') })
    expect(Object.keys(err.messages)).toEqual(['__proto__'])
    expect(err.localizedMessage('__proto__')).toBe('odd')
  })

  it.each([
    ['an empty code', () => new CommandError('', 'x'), 'INVALID_OPTION'],
    ['a NaN code', () => new CommandError(Number.NaN, 'x'), 'INVALID_OPTION'],
    ['a non-string message', () => new CommandError('X', 5 as unknown as string), 'INVALID_OPTION'],
    ['details that are not an array', () => commandError('X', 'x', { details: {} as never }), 'INVALID_OPTION'],
    [
      'a detail without bytes',
      () => commandError('X', 'x', { details: [{ typeUrl: 'a/b', value: [1] as never }] }),
      'INVALID_OPTION',
    ],
    [
      'a detail without type URL',
      () => commandError('X', 'x', { details: [{ typeUrl: '', value: new Uint8Array() }] }),
      'INVALID_OPTION',
    ],
    ['a non-text localised message', () => commandError('X', 'x', { messages: { de: 1 as never } }), 'INVALID_OPTION'],
  ])('rejects %s with a typed error', (_, fn, code) => {
    expect(codeOf(fn)).toBe(code)
  })

  it('isCommandError is structural and can check the code', () => {
    const err = commandError('LIST_FULL', 'full')
    expect(isCommandError(err)).toBe(true)
    expect(isCommandError(err, 'LIST_FULL')).toBe(true)
    expect(isCommandError(err, 'OTHER')).toBe(false)
    const foreign = { code: 3, message: 'm', details: [], localizedMessage: () => 'm' }
    expect(isCommandError(foreign, 3)).toBe(true)
    expect(isCommandError(new GoesError('NOT_FOUND', 'x'))).toBe(false)
    expect(isCommandError(new Error('x'))).toBe(false)
    expect(isCommandError(null)).toBe(false)
  })
})

describe('fail and toCommandError', () => {
  it('fail wraps the cause with a human-readable message, taking its code when it has one', () => {
    const cause = new Error('mock error')
    const err = fail(cause, 'Something went wrong while handling "foo-cmd" command.')
    expect(err.message).toBe('Something went wrong while handling "foo-cmd" command.')
    expect(err.code).toBe('COMMAND_FAILED')
    expect((err.cause as Error).message).toBe('mock error')
    expect(fail(new NotFoundError('no list'), 'List not found.').code).toBe('NOT_FOUND')
    const inner = commandError('LIST_FULL', 'full', { details: [{ typeUrl: 'a/b.C', value: new Uint8Array([1]) }] })
    const outer = fail(inner, 'Cannot add the task.', { messages: { de: 'Geht nicht.' } })
    expect(outer.code).toBe('LIST_FULL')
    expect(outer.details).toEqual(inner.details)
    expect(outer.localizedMessage('de')).toBe('Geht nicht.')
    expect(fail(inner, 'x', { code: 409 }).code).toBe(409)
  })

  it('toCommandError keeps command errors, keeps goes codes and wraps anything else', () => {
    const own = commandError('X', 'x')
    expect(toCommandError(own)).toBe(own)
    const deleted = toCommandError(new GoesError('AGGREGATE_DELETED', 'gone'))
    expect(deleted.code).toBe('AGGREGATE_DELETED')
    expect(isGoesError(deleted, 'AGGREGATE_DELETED')).toBe(true)
    const plain = toCommandError(new Error('disk full'))
    expect([plain.code, plain.message]).toEqual(['COMMAND_FAILED', 'disk full'])
    expect(toCommandError('just text').message).toBe('just text')
    expect(toCommandError(42).message).toMatch(/number 42/)
    expect(toCommandError(new Error('')).message).toBe('The command failed.')
    const foreign = toCommandError({ code: 'Y', message: 'y', details: [], messages: {}, localizedMessage: () => 'y' })
    expect(foreign).toBeInstanceOf(CommandError)
    expect(foreign.code).toBe('Y')
  })
})
