import { PendingFile, type WriteOptions, type Written } from './write-file.js';

/**
 * Several files written as one: each is written the one way (write-file.ts) into its temporary,
 * and only when every one is complete do they take their names; should one fail to (a file that
 * appeared meanwhile, a full disk at the flush), those already placed are undone (the old file
 * back with --force, else no file) and the rest removed. So a split export of the sheets is all
 * there or not there: never part 7 of 27 from this run beside parts from the last.
 *
 * A file's descriptor is closed once its content is written (`done`), so a set of hundreds of
 * files holds one or two open at a time.
 */
export class FileSet {
  private readonly files: PendingFile[] = [];

  constructor(private readonly options: WriteOptions) {}

  /** A new member: its target checked and its temporary created now (a refusal comes before anything is written). */
  open(target: string): PendingFile {
    try {
      const file = PendingFile.open(target, this.options);
      this.files.push(file);
      return file;
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** Its content is complete: its descriptor closed until commit() flushes it. */
  done(file: PendingFile): void {
    file.release();
  }

  /** Every member in place, or none (see above). */
  commit(): Written[] {
    const placed: PendingFile[] = [];
    try {
      for (const file of this.files) {
        file.commit();
        placed.push(file);
      }
    } catch (error) {
      for (const file of placed.reverse()) file.undo();
      this.abort();
      throw error;
    }
    return this.files.map((f) => f.finish());
  }

  /** Nothing written: every temporary removed, every placed file undone. */
  abort(): void {
    for (const file of this.files) file.rollback();
  }
}
