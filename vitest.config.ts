import { defineConfig } from 'vitest/config';
import { Neo4jSkipReporter } from './test/support/neo4j-skip-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', new Neo4jSkipReporter()],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
