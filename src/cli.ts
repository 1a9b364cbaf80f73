import { buildCli } from './commands/program.js';
import { EXIT_CODE, isDomainError } from './errors.js';

/** Entry point of `kg` (see src/commands/program.ts for the commands). */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (e) {
    if (isDomainError(e)) {
      process.stderr.write(`kg: ${e.message}\n`);
      process.exitCode = EXIT_CODE[e.code];
    } else {
      process.stderr.write(`kg: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 2;
    }
  }
}

// `kg … | head`: the reader went away; stop quietly, as Unix tools do, instead of a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

await main(process.argv);
