import {
  advanceProgress,
  emptyProgress,
  isConsistencyError,
  MemoryModelRepository,
  newEvent,
  type ProjectionProgress,
  progressCovers,
} from '@goes/core'

// A read model: plain data, with the progress of the projection that keeps it.
type Board = { open: number; progress: ProjectionProgress }

export async function modelsExample(log: (...values: unknown[]) => void = console.log): Promise<void> {
  const boards = new MemoryModelRepository<Board>({ factory: () => ({ open: 0, progress: emptyProgress() }) })

  // Apply each event once — also when it is delivered twice — and save the progress with the model.
  const added = newEvent('todo.task_added', { title: 'milk' })
  for (const event of [added, added]) {
    await boards.use('board-1', (board) => {
      if (progressCovers(board.progress, event)) return
      board.open++
      board.progress = advanceProgress(board.progress, [event])
    })
  }
  log((await boards.fetch('board-1')).open)

  // Versions: a write with expectedVersion is stored only if nobody wrote since that version.
  const { model, version } = await boards.fetchVersioned('board-1')
  await boards.save('board-1', { ...model, open: 0 }, { expectedVersion: version })
  try {
    await boards.save('board-1', { ...model, open: 5 }, { expectedVersion: version }) // stale
  } catch (err) {
    log(isConsistencyError(err))
  }
  const now = await boards.fetchVersioned('board-1')
  log(now.model.open, now.version)
}
