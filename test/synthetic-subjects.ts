import Database from 'better-sqlite3';

/**
 * Adds `count` active subjects to a test database by SQL, for the tests that need a registry of a
 * few hundred thousand (the import has its own tests): credit codes Z1130634MA00000000 on, the
 * classes, industries of the fixture county and grades A, B, C and none in turn, so that a plan's
 * items apply to some and not others. `columns` gives more columns as SQL expressions of `i`, the
 * subject's number (the township is '恒州镇' unless given).
 */
export function addSyntheticSubjects(dbPath: string, count: number, columns: Record<string, string> = {}, params: unknown[] = []): void {
  const more = { township: "'恒州镇'", ...columns };
  const db = new Database(dbPath);
  try {
    db.prepare(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
      INSERT INTO subjects (credit_code, name, type_class, status, status_raw, industry_code, credit_grade, ${Object.keys(more).join(', ')})
      SELECT printf('Z1130634MA%08d', i), printf('测试主体%d', i), CASE i % 3 WHEN 0 THEN 'enterprise' WHEN 1 THEN 'individual' ELSE 'cooperative' END,
        'active', '存续', CASE i % 5 WHEN 0 THEN 'H6210' WHEN 1 THEN 'C3032' WHEN 2 THEN 'F5221' WHEN 3 THEN 'B1019' ELSE 'G5430' END,
        CASE i % 4 WHEN 0 THEN 'A' WHEN 1 THEN 'B' WHEN 2 THEN 'C' ELSE NULL END, ${Object.values(more).join(', ')} FROM n`).run(count, ...params);
  } finally {
    db.close();
  }
}
