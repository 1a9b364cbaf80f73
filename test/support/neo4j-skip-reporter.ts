import type { Reporter, TestModule } from 'vitest/node';

/**
 * Says plainly, at the end of every run, how many Neo4j tests ran and how many were skipped
 * (they run only when NEO4J_URI is set). Tests against Neo4j carry `[neo4j]` in their name.
 */
export class Neo4jSkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let skipped = 0;
    let ran = 0;
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        if (!t.fullName.includes('[neo4j]')) continue;
        if (t.result().state === 'skipped') skipped++;
        else ran++;
      }
    }
    if (ran + skipped === 0) return;
    const why = skipped > 0 ? ' (set NEO4J_URI to run them against a Neo4j 5 server)' : '';
    process.stdout.write(`\nNeo4j contract tests: ${ran} ran, ${skipped} skipped${why}\n`);
  }
}
