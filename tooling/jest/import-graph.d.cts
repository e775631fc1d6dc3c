/** file → the relative source files it imports. */
export function importGraph(srcDir: string): Map<string, Set<string>>
/** What is wrong with the import structure of the sources in `srcDir`, one line each. */
export function importProblems(srcDir: string): string[]
