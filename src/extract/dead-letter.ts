import fs from 'node:fs';
import readline from 'node:readline';

/** The dead-letter file of an import: one JSON line per record that could not be read. */
export interface DeadLetter {
  /** Appends a record of the source, unless the file already holds this line of it. */
  write(line: number, reason: string, raw: string): void;
  close(): void;
}

/**
 * Opens the dead-letter file for appending, with the lines after `resumeAt` it already holds for
 * `source` (written by a run that crashed before its checkpoint covered them), so a resumed run
 * does not write them twice.
 */
export async function openDeadLetter(
  file: string,
  source: string,
  resumeAt: number,
): Promise<DeadLetter> {
  const recorded = new Set<number>();
  if (fs.existsSync(file)) {
    const lines = readline.createInterface({
      input: fs.createReadStream(file),
      crlfDelay: Infinity,
    });
    for await (const text of lines) {
      try {
        const entry = JSON.parse(text) as { source?: unknown; line?: unknown };
        if (entry.source === source && typeof entry.line === 'number' && entry.line > resumeAt)
          recorded.add(entry.line);
      } catch {
        // A line cut short: the record it held is written again.
      }
    }
  }
  const fd = fs.openSync(file, 'a+');
  // A line cut short (by a power loss) must not swallow the next record.
  const size = fs.fstatSync(fd).size;
  if (size > 0) {
    const last = Buffer.alloc(1);
    fs.readSync(fd, last, 0, 1, size - 1);
    if (last[0] !== 0x0a) fs.writeSync(fd, '\n');
  }
  return {
    write(line, reason, raw) {
      // A run that crashed after quarantining this record wrote it already.
      if (recorded.has(line)) return;
      fs.writeSync(fd, JSON.stringify({ source, line, reason, raw }) + '\n');
    },
    close: () => fs.closeSync(fd),
  };
}
