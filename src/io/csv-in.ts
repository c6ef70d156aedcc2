import { parse } from 'csv-parse';
import { once } from 'node:events';
import { DrawError, EXIT } from '../errors.js';
import { decodeFile, type Encoding } from './decode.js';

/** One CSV record with the line it starts on (1-based, counting the header as line 1). */
export interface CsvRow { line: number; fields: string[] }

const MAX_RECORD = 4 << 20; // a record of several MB is a broken file, not data

/** Streams the records of a CSV file; memory stays flat whatever the file's size. */
export async function* readCsv(path: string, encoding: Encoding, onBytes?: (n: number) => void): AsyncGenerator<CsvRow> {
  const parser = parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, max_record_size: MAX_RECORD });
  // Feed the decoded text in, honouring back-pressure; a decoding error ends the parse with that error.
  void (async () => {
    try {
      for await (const text of decodeFile(path, encoding, onBytes)) {
        if (!parser.write(text)) await once(parser, 'drain');
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      let embedded = 0;
      for (const f of record) if (f.includes('\n')) embedded += f.split('\n').length - 1;
      yield { line: info.lines - embedded, fields: record };
    }
  } catch (error) {
    if (error instanceof DrawError) throw error;
    const e = error as { code?: string; lines?: number; message: string };
    if (e.code?.startsWith('CSV_')) {
      throw new DrawError(EXIT.usage, e.code === 'CSV_MAX_RECORD_SIZE' ? 'csv.tooLarge' : 'csv.malformed',
        { file: path, line: e.lines ?? '?', detail: e.message }, 'csv.malformedHint');
    }
    throw error;
  }
}
