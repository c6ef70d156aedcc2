import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../src/store/db.js';
import { isUncPath, onWindowsShare } from '../src/io/share-path.js';
import { draw, drawProcess, FIXTURES, sqlite, tmp } from './helpers.js';

/**
 * The journal mode is the database's own: chosen at init, changed by `draw db journal` (logged),
 * kept by every plain open; --journal/DRAW_JOURNAL hold for one command; never WAL on a share.
 * The mode is read back with the sqlite3 shell, from the file, not from the tool.
 */
const mode = (db: string) => sqlite(db, 'PRAGMA journal_mode');

describe('the journal mode of a database', () => {
  it('chosen at init is kept by every later command run without a flag', async () => {
    const dir = tmp();
    const db = join(dir, 'office.db');
    expect((await draw(['--db', db, 'init', '--journal', 'delete'])).code).toBe(0);
    expect(mode(db)).toBe('delete');
    // Plain commands, in a fresh process as a clerk runs them: a write and a read.
    expect(drawProcess(['--db', db, 'import', 'departments', join(FIXTURES, 'departments.csv')]).code).toBe(0);
    expect(drawProcess(['--db', db, 'list', 'departments']).code).toBe(0);
    expect(mode(db)).toBe('delete');
    expect(existsSync(`${db}-wal`)).toBe(false);

    const wal = join(dir, 'local.db');
    expect((await draw(['--db', wal, 'init', '--journal', 'wal'])).code).toBe(0);
    expect(drawProcess(['--db', wal, 'import', 'departments', join(FIXTURES, 'departments.csv')]).code).toBe(0);
    expect(mode(wal)).toBe('wal');
  });

  it('--journal or DRAW_JOURNAL on another command holds for that command only, and says so', async () => {
    const db = join(tmp(), 'draw.db');
    await draw(['--db', db, 'init', '--journal', 'delete']);
    const r = drawProcess(['--db', db, '--journal', 'wal', 'import', 'departments', join(FIXTURES, 'departments.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('本次命令使用 wal 日志模式；数据库本身是 delete');
    expect(r.stderr).toContain('draw db journal wal');
    expect(mode(db)).toBe('delete');
    const e = drawProcess(['--db', db, 'list', 'departments'], { env: { DRAW_JOURNAL: 'wal' } });
    expect(e.code).toBe(0);
    expect(mode(db)).toBe('delete');
    // The same mode as the database's: nothing to say.
    expect(drawProcess(['--db', db, '--journal', 'delete', 'list', 'departments']).stderr).toBe('');
  });

  it('draw db journal shows it, changes it for good on the record, and refuses what is not a mode', async () => {
    const db = join(tmp(), 'draw.db');
    await draw(['--db', db, 'init', '--journal', 'delete']);
    expect((await draw(['--db', db, 'db', 'journal'])).stdout).toContain('日志模式：delete');
    const r = await draw(['--db', db, 'db', 'journal', 'wal']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已由 delete 改为 wal');
    expect(mode(db)).toBe('wal');
    expect(sqlite(db, "SELECT detail FROM audit_log WHERE action = 'db.journal'")).toBe('{"from":"delete","to":"wal"}');
    expect((await draw(['--db', db, 'audit', 'verify'])).code).toBe(0);
    // Kept by the next plain command; asking again changes nothing and logs nothing.
    expect(drawProcess(['--db', db, 'list', 'departments']).code).toBe(0);
    expect(mode(db)).toBe('wal');
    expect((await draw(['--db', db, 'db', 'journal', 'wal'])).stdout).toContain('已经是 wal');
    expect(sqlite(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'db.journal'")).toBe('1');
    // Back, in English, as JSON.
    const back = await draw(['--db', db, '--lang', 'en', '--json', 'db', 'journal', 'delete']);
    expect(JSON.parse(back.stdout)).toMatchObject({ journal: 'delete', from: 'wal', changed: true });
    expect(mode(db)).toBe('delete');
    const bad = await draw(['--db', db, 'db', 'journal', 'memory']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('只能是 wal、delete');
    expect(mode(db)).toBe('delete');
  });

  it('on a Windows share: a new database is never WAL, and a WAL database found there is turned to delete', () => {
    const dir = tmp();
    const fresh = join(dir, 'share.db');
    const made = openDb(fresh, { create: true, journal: 'wal', onShare: true });
    expect(made.journal).toEqual({ stored: 'delete', used: 'delete', note: 'shareRefused' });
    closeDb(made.db);
    expect(mode(fresh)).toBe('delete');

    const old = join(dir, 'old.db');
    closeDb(openDb(old, { create: true, journal: 'wal' }).db);
    expect(mode(old)).toBe('wal');
    const found = openDb(old, { onShare: true });
    expect(found.journal).toMatchObject({ stored: 'delete', used: 'delete', note: 'shareConverted' });
    closeDb(found.db);
    expect(mode(old)).toBe('delete');
    // --journal wal for one command is refused there too.
    const asked = openDb(old, { journal: 'wal', onShare: true });
    expect(asked.journal).toEqual({ stored: 'delete', used: 'delete', note: 'shareRefused' });
    closeDb(asked.db);
    expect(mode(old)).toBe('delete');
  });
});

describe('the share rule (paths)', () => {
  it('knows a UNC path in every spelling Windows accepts, and nothing else', () => {
    for (const p of ['\\\\服务器\\共享\\draw.db', '\\\\server\\share', '//server/share/draw.db', '\\\\?\\UNC\\server\\share\\draw.db', '\\\\10.0.0.5\\抽查\\曲阳2022.db'])
      expect(isUncPath(p), p).toBe(true);
    for (const p of ['D:\\抽查\\draw.db', 'draw.db', '\\\\?\\C:\\draw.db', '\\\\.\\PhysicalDrive0', '\\\\server', '/home/clerk/draw.db', '\\draw.db'])
      expect(isUncPath(p), p).toBe(false);
  });

  it('applies on Windows only; a drive letter counts when Windows resolves it to a share', () => {
    expect(onWindowsShare('\\\\服务器\\共享\\draw.db', 'win32')).toBe(true);
    expect(onWindowsShare('\\\\服务器\\共享\\draw.db', 'linux')).toBe(false);
    // realpathSync.native on a mapped drive gives its share (GetFinalPathNameByHandle); a local disk gives itself.
    const resolved: Record<string, string> = { 'Z:\\draw.db': '\\\\服务器\\共享\\draw.db', 'D:\\draw.db': 'D:\\draw.db' };
    const realpath = (p: string) => {
      if (p in resolved) return resolved[p];
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    expect(onWindowsShare('Z:\\draw.db', 'win32', realpath)).toBe(true);
    expect(onWindowsShare('D:\\draw.db', 'win32', realpath)).toBe(false);
  });

});
