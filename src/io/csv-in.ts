import { parse } from 'csv-parse';
import { once } from 'node:events';
import { DrawError, EXIT } from '../errors.js';
import { decodeFile, type Encoding } from './decode.js';

/** One CSV record with the line it starts on (1-based, counting the header as line 1). */
export interface CsvRow { line: number; fields: string[] }

const MAX_RECORD = 4 << 20; // a record of several MB is a broken file, not data

/** Streams the records of a CSV file; memory stays flat whatever the file's size. */
export async function* readCsv(path: string, encoding: Encoding, onBytes?: (n: number) => void): AsyncGenerator<CsvRow> {
  // Every line ending (CRLF, LF, old CR), even mixed in one file (a Windows export with lines appended elsewhere).
  const parser = parse({ relax_column_count: true, relax_quotes: true, max_record_size: MAX_RECORD, record_delimiter: ['\r\n', '\n', '\r'] });
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
    // Line numbers are counted here rather than by csv-parse's `info` (a third of its time):
    // each record takes one line plus the newlines inside its quoted fields; a blank line is [''].
    let line = 1;
    for await (const record of parser as AsyncIterable<string[]>) {
      const start = line;
      line++;
      for (const f of record) if (f.includes('\n')) line += f.split('\n').length - 1;
      if (record.length === 1 && record[0] === '') continue;
      yield { line: start, fields: record };
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
