import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { quickstart } from '../src/quickstart.js'

describe('quickstart (the README example)', () => {
  it('prints the history and the projected open tasks', async () => {
    const lines: string[] = []
    await quickstart((l) => lines.push(l))
    expect(lines).toEqual([
      'v1 todo.task_added: buy milk',
      'v2 todo.task_added: call mum',
      'v3 todo.task_done: buy milk',
      'open tasks: call mum',
    ])
  })

  it('is quoted verbatim in the root README', () => {
    const root = join(__dirname, '..', '..', '..')
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const source = readFileSync(join(__dirname, '..', 'src', 'quickstart.ts'), 'utf8')
    const body = source.slice(source.indexOf('import '))
    expect(readme).toContain(body.trim())
  })
})
