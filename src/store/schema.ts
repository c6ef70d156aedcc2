/**
 * Schema migrations, applied in order by PRAGMA user_version (one transaction each).
 * Never edit a migration that has shipped: add the next one.
 */
export const MIGRATIONS: string[] = [
  // 1: the one list and two registries, departments, conflicts, imports, the audit log.
  `
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    encoding    TEXT NOT NULL,
    full        INTEGER NOT NULL,
    operator    TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    total       INTEGER NOT NULL DEFAULT 0,
    inserted    INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    warnings    INTEGER NOT NULL DEFAULT 0,
    retired     INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE departments (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    active      INTEGER NOT NULL DEFAULT 1,
    import_id   INTEGER REFERENCES imports(id),
    import_line INTEGER
  );

  -- Every version of an item is kept: a plan points at (code, version).
  CREATE TABLE items (
    code        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    department  TEXT NOT NULL REFERENCES departments(code),
    project     TEXT NOT NULL,
    subitem     TEXT NOT NULL DEFAULT '',
    content     TEXT NOT NULL DEFAULT '',
    basis       TEXT NOT NULL DEFAULT '',
    method      TEXT NOT NULL DEFAULT '',
    class       TEXT NOT NULL CHECK (class IN ('general', 'key')),
    random      INTEGER NOT NULL CHECK (random IN (0, 1)),
    current     INTEGER NOT NULL CHECK (current IN (0, 1)),
    active      INTEGER NOT NULL DEFAULT 1,
    valid_from  TEXT NOT NULL,
    import_id   INTEGER REFERENCES imports(id),
    import_line INTEGER,
    PRIMARY KEY (code, version)
  );
  CREATE UNIQUE INDEX items_current ON items(code) WHERE current = 1;

  CREATE TABLE inspectors (
    certificate TEXT PRIMARY KEY,
    department  TEXT NOT NULL REFERENCES departments(code),
    name        TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    valid_until TEXT,
    post        TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    items       TEXT NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1,
    import_id   INTEGER REFERENCES imports(id),
    import_line INTEGER
  );
  CREATE INDEX inspectors_department ON inspectors(department);

  CREATE TABLE subjects (
    credit_code         TEXT PRIMARY KEY,
    registration_number TEXT,
    name                TEXT NOT NULL,
    representative      TEXT NOT NULL DEFAULT '',
    type                TEXT NOT NULL DEFAULT '',
    type_class          TEXT NOT NULL CHECK (type_class IN ('enterprise', 'individual', 'cooperative')),
    registry_authority  TEXT NOT NULL DEFAULT '',
    supervising_unit    TEXT NOT NULL DEFAULT '',
    township            TEXT NOT NULL DEFAULT '',
    township_raw        TEXT NOT NULL DEFAULT '',
    founded_on          TEXT,
    status              TEXT NOT NULL CHECK (status IN ('active', 'deregistered', 'revoked', 'moved_out')),
    status_raw          TEXT NOT NULL,
    address             TEXT NOT NULL DEFAULT '',
    industry_code       TEXT NOT NULL DEFAULT '',
    business_scope      TEXT NOT NULL DEFAULT '',
    abnormal            INTEGER NOT NULL DEFAULT 0,
    serious_violation   INTEGER NOT NULL DEFAULT 0,
    credit_grade        TEXT CHECK (credit_grade IN ('A', 'B', 'C', 'D')),
    grade_as_of         TEXT,
    in_registry         INTEGER NOT NULL DEFAULT 1,
    import_id           INTEGER REFERENCES imports(id),
    import_line         INTEGER
  );
  -- The one secondary index: it covers a draw's population query, so that a draw over a
  -- million subjects reads them in credit-code order without touching the wide rows.
  CREATE INDEX subjects_population ON subjects(status, in_registry, credit_code, credit_grade, abnormal, serious_violation);

  CREATE TABLE conflicts (
    certificate TEXT NOT NULL REFERENCES inspectors(certificate),
    credit_code TEXT NOT NULL REFERENCES subjects(credit_code),
    reason      TEXT NOT NULL,
    declared_on TEXT,
    active      INTEGER NOT NULL DEFAULT 1,
    import_id   INTEGER REFERENCES imports(id),
    import_line INTEGER,
    PRIMARY KEY (certificate, credit_code)
  );

  -- Codes that fail the check character yet are lawful (early Fujian pilots), accepted on purpose.
  CREATE TABLE accepted_codes (
    code        TEXT PRIMARY KEY,
    reason      TEXT NOT NULL,
    operator    TEXT NOT NULL,
    accepted_at TEXT NOT NULL
  );

  CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    operator  TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
  );
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,

  // 2: plans, draws with their snapshots and sheets.
  `
  CREATE TABLE plans (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL,
    number       TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    initiator    TEXT NOT NULL REFERENCES departments(code),
    scope        TEXT NOT NULL,             -- canonical JSON, see core/plan.ts
    ratio_ppm    INTEGER NOT NULL,
    grade_ratios TEXT,                      -- canonical JSON {"A": ppm, …} or NULL
    window_start TEXT NOT NULL,
    window_end   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    operator     TEXT NOT NULL
  );

  CREATE TABLE plan_departments (
    plan_id    INTEGER NOT NULL REFERENCES plans(id),
    department TEXT NOT NULL REFERENCES departments(code),
    team_size  INTEGER NOT NULL CHECK (team_size >= 1),
    PRIMARY KEY (plan_id, department)
  );

  -- The item versions in force when the plan was made.
  CREATE TABLE plan_items (
    plan_id      INTEGER NOT NULL REFERENCES plans(id),
    item_code    TEXT NOT NULL,
    item_version INTEGER NOT NULL,
    department   TEXT NOT NULL,
    PRIMARY KEY (plan_id, item_code),
    FOREIGN KEY (item_code, item_version) REFERENCES items(code, version)
  );

  CREATE TABLE draws (
    id               INTEGER PRIMARY KEY,
    plan_id          INTEGER NOT NULL REFERENCES plans(id),
    status           TEXT NOT NULL CHECK (status IN ('committed', 'drawn', 'voided')),
    parameters       TEXT NOT NULL,          -- canonical JSON: what the commitment covers
    commitment       TEXT NOT NULL,          -- SHA-256 of the parameters
    seed             TEXT,
    seed_source      TEXT CHECK (seed_source IN ('given', 'generated')),
    result_hash      TEXT,                   -- SHA-256 of the canonical sheets
    committed_at     TEXT NOT NULL,
    drawn_at         TEXT,
    operator         TEXT NOT NULL,
    voided_at        TEXT,
    void_reason      TEXT,
    void_approved_by TEXT
  );
  -- One plan has one effective draw (committed or drawn); voided ones stay beside it.
  CREATE UNIQUE INDEX draws_one_effective ON draws(plan_id) WHERE status <> 'voided';

  -- The snapshot texts the hashes are taken over, gzip-compressed (kind: subjects | inspectors | conflicts).
  CREATE TABLE draw_snapshots (
    draw_id INTEGER NOT NULL REFERENCES draws(id),
    kind    TEXT NOT NULL,
    rows    INTEGER NOT NULL,
    sha256  TEXT NOT NULL,
    text_gz BLOB NOT NULL,
    PRIMARY KEY (draw_id, kind)
  );

  -- One joint sheet per drawn subject (一企一表). The team is kept on the sheet as JSON,
  -- [[department, certificate], …] in the draw's order: one row per sheet keeps a draw of tens of
  -- thousands of sheets fast to store and to replay.
  CREATE TABLE sheets (
    draw_id     INTEGER NOT NULL REFERENCES draws(id),
    number      INTEGER NOT NULL,
    credit_code TEXT NOT NULL,
    stratum     TEXT NOT NULL,
    team        TEXT NOT NULL,
    PRIMARY KEY (draw_id, number)
  );
  CREATE INDEX sheets_subject ON sheets(credit_code);
  `,

  // 3: from draw to disclosure: the working-day calendar, confirmations, replacements,
  // specialists, results with their corrections, dispositions, disclosures.
  `
  CREATE TABLE calendar_days (
    date TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name TEXT NOT NULL
  );
  -- Years whose State Council notice is loaded; a deadline outside them is provisional.
  CREATE TABLE calendar_years (
    year   INTEGER PRIMARY KEY,
    source TEXT NOT NULL
  );

  CREATE TABLE confirmations (
    draw_id      INTEGER NOT NULL REFERENCES draws(id),
    department   TEXT NOT NULL REFERENCES departments(code),
    confirmed_at TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    late         INTEGER NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    operator     TEXT NOT NULL,
    PRIMARY KEY (draw_id, department)
  );

  -- Replacements in the order they were made: a replay applies them in this order (seq).
  CREATE TABLE replacements (
    draw_id     INTEGER NOT NULL REFERENCES draws(id),
    seq         INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    department  TEXT NOT NULL,
    replaced    TEXT NOT NULL,
    substitute  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    filed_on    TEXT NOT NULL,
    at          TEXT NOT NULL,
    operator    TEXT NOT NULL,
    excluded    TEXT NOT NULL,               -- JSON {conflicts, inactive}: who could not be chosen then
    PRIMARY KEY (draw_id, seq),
    FOREIGN KEY (draw_id, number) REFERENCES sheets(draw_id, number)
  );

  CREATE TABLE specialists (
    id          INTEGER PRIMARY KEY,
    draw_id     INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    department  TEXT NOT NULL REFERENCES departments(code),
    name        TEXT NOT NULL,
    certificate TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    operator    TEXT NOT NULL,
    FOREIGN KEY (draw_id, number) REFERENCES sheets(draw_id, number)
  );

  -- A sheet's result. A correction adds a row and points the old one at it: nothing is overwritten.
  CREATE TABLE results (
    id            INTEGER PRIMARY KEY,
    draw_id       INTEGER NOT NULL,
    number        INTEGER NOT NULL,
    inspected_on  TEXT NOT NULL,
    findings      TEXT NOT NULL,             -- JSON array of finding codes
    items         TEXT NOT NULL,             -- JSON object {item code: "normal" | "abnormal"}
    signed        INTEGER NOT NULL,
    refusal_note  TEXT NOT NULL DEFAULT '',
    witness       TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    entered_at    TEXT NOT NULL,
    entered_on    TEXT NOT NULL,             -- the working day it counts as entered (after-the-fact entries carry their own)
    entered_by    TEXT NOT NULL,
    superseded_by INTEGER,                   -- the result that corrected this one
    FOREIGN KEY (draw_id, number) REFERENCES sheets(draw_id, number)
  );
  CREATE UNIQUE INDEX results_current ON results(draw_id, number) WHERE superseded_by IS NULL;

  CREATE TABLE dispositions (
    id            INTEGER PRIMARY KEY,
    draw_id       INTEGER NOT NULL,
    number        INTEGER NOT NULL,
    action        TEXT NOT NULL,
    decided_on    TEXT NOT NULL,
    complete      INTEGER NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    entered_at    TEXT NOT NULL,
    entered_by    TEXT NOT NULL,
    superseded_by INTEGER,                   -- the disposition that corrected this one
    FOREIGN KEY (draw_id, number) REFERENCES sheets(draw_id, number)
  );

  -- Each disclosure file written, and the results it published.
  CREATE TABLE disclosures (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    file     TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    rows     INTEGER NOT NULL,
    operator TEXT NOT NULL
  );
  CREATE TABLE disclosed (
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    result_id     INTEGER NOT NULL REFERENCES results(id),
    PRIMARY KEY (disclosure_id, result_id)
  );
  `,

  // 4: the draw an audit entry is about, in its own column, found by index rather than by a
  // LIKE on the detail text. A companion table keyed by the entry's hash (one entry, whatever
  // its seq), not a column of audit_log: the log's rows stay as they were (what is hashed, and
  // SELECT * of the log), and entries written before are filled in from their detail. Audit
  // verify holds the two together.
  `
  CREATE TABLE audit_draws (
    hash    TEXT PRIMARY KEY,                -- audit_log.hash
    draw_id INTEGER NOT NULL
  );
  CREATE INDEX audit_draws_by_draw ON audit_draws(draw_id);
  INSERT OR IGNORE INTO audit_draws (hash, draw_id)
    SELECT hash, json_extract(detail, '$.draw') FROM audit_log
    WHERE json_valid(detail) AND json_type(detail, '$.draw') = 'integer';
  CREATE TRIGGER audit_draws_no_update BEFORE UPDATE ON audit_draws
    BEGIN SELECT RAISE(ABORT, 'audit_draws is append-only'); END;
  CREATE TRIGGER audit_draws_no_delete BEFORE DELETE ON audit_draws
    BEGIN SELECT RAISE(ABORT, 'audit_draws is append-only'); END;
  `,

  // 5: the subject class 'other' (事业单位, 机关, 社会团体 … registered beside the market subjects).
  // SQLite cannot change a CHECK in place: the table is rebuilt as the SQLite manual describes
  // (foreign keys off while it runs, checked before commit: see migrate in db.ts), and existing
  // rows are re-classed by the rule of core/records.ts typeClassOf (type text first, then the
  // credit code's first character).
  `
  CREATE TABLE subjects_new (
    credit_code         TEXT PRIMARY KEY,
    registration_number TEXT,
    name                TEXT NOT NULL,
    representative      TEXT NOT NULL DEFAULT '',
    type                TEXT NOT NULL DEFAULT '',
    type_class          TEXT NOT NULL CHECK (type_class IN ('enterprise', 'individual', 'cooperative', 'other')),
    registry_authority  TEXT NOT NULL DEFAULT '',
    supervising_unit    TEXT NOT NULL DEFAULT '',
    township            TEXT NOT NULL DEFAULT '',
    township_raw        TEXT NOT NULL DEFAULT '',
    founded_on          TEXT,
    status              TEXT NOT NULL CHECK (status IN ('active', 'deregistered', 'revoked', 'moved_out')),
    status_raw          TEXT NOT NULL,
    address             TEXT NOT NULL DEFAULT '',
    industry_code       TEXT NOT NULL DEFAULT '',
    business_scope      TEXT NOT NULL DEFAULT '',
    abnormal            INTEGER NOT NULL DEFAULT 0,
    serious_violation   INTEGER NOT NULL DEFAULT 0,
    credit_grade        TEXT CHECK (credit_grade IN ('A', 'B', 'C', 'D')),
    grade_as_of         TEXT,
    in_registry         INTEGER NOT NULL DEFAULT 1,
    import_id           INTEGER REFERENCES imports(id),
    import_line         INTEGER
  );
  INSERT INTO subjects_new (credit_code, registration_number, name, representative, type, type_class, registry_authority, supervising_unit, township, township_raw, founded_on, status, status_raw, address, industry_code, business_scope, abnormal, serious_violation, credit_grade, grade_as_of, in_registry, import_id, import_line)
    SELECT credit_code, registration_number, name, representative, type, type_class, registry_authority, supervising_unit, township, township_raw, founded_on, status, status_raw, address, industry_code, business_scope, abnormal, serious_violation, credit_grade, grade_as_of, in_registry, import_id, import_line FROM subjects ORDER BY rowid;
  DROP TABLE subjects;
  ALTER TABLE subjects_new RENAME TO subjects;
  CREATE INDEX subjects_population ON subjects(status, in_registry, credit_code, credit_grade, abnormal, serious_violation);
  UPDATE subjects SET type_class = 'other'
    WHERE type NOT LIKE '%个体%' AND type NOT LIKE '%合作社%' AND type NOT LIKE '%合作联社%'
      AND (type LIKE '%事业单位%' OR type LIKE '%机关%' OR type LIKE '%社会团体%' OR type LIKE '%民办非企业%' OR type LIKE '%基金会%'
        OR type LIKE '%社会服务机构%' OR type LIKE '%律师事务所%' OR type LIKE '%公证%' OR type LIKE '%司法鉴定%' OR type LIKE '%宗教%'
        OR type LIKE '%工会%' OR type LIKE '%集体经济组织%' OR type LIKE '%群众团体%' OR type LIKE '%代表机构%'
        OR (length(credit_code) = 18 AND substr(credit_code, 1, 1) <> '9'));
  `,
  // 6: the season as departments live it (issue 10). Items say where they apply; a draw keeps the
  // deadlines in force when it was committed; departments confirm, reject, enter results and
  // dispose per sheet; a cancelled sheet names the rejection that cancelled it and a substitute
  // sheet the one it stands in for. Rows written before carry NULL where a department or a
  // deadline was not recorded: a joint result of every department, a draw under the settings of
  // the day this migration ran (filled in below, so that a later `draw config` changes nothing).
  `
  ALTER TABLE items ADD COLUMN industries TEXT NOT NULL DEFAULT '';      -- GB/T 4754 code prefixes, ';'-separated; '' = every industry
  ALTER TABLE items ADD COLUMN subject_classes TEXT NOT NULL DEFAULT ''; -- enterprise;individual;cooperative;other; '' = every class

  ALTER TABLE draws ADD COLUMN deadlines TEXT;                           -- canonical JSON {confirmDays, entryDays, publishDays}
  UPDATE draws SET deadlines = json_object(
    'confirmDays', COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'confirm_days'), 1),
    'entryDays', COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'entry_days'), 5),
    'publishDays', COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'publish_days'), 20));

  ALTER TABLE sheets ADD COLUMN substitute_for INTEGER;                  -- the number of the cancelled sheet this one replaces
  ALTER TABLE sheets ADD COLUMN cancelled_by INTEGER;                    -- the seq of the rejection that cancelled this sheet

  -- A department's rejection of one sheet at confirmation (art. 17). seq shares its numbering with
  -- replacements.seq: together they are the one order in which a draw's sheets were changed, the
  -- order a replay applies them in.
  CREATE TABLE rejections (
    draw_id    INTEGER NOT NULL REFERENCES draws(id),
    seq        INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    department TEXT NOT NULL REFERENCES departments(code),
    reason     TEXT NOT NULL CHECK (reason IN ('not_remit', 'gone', 'checked_this_year', 'not_found', 'other')),
    note       TEXT NOT NULL DEFAULT '',
    cancels    INTEGER NOT NULL CHECK (cancels IN (0, 1)),
    substitute INTEGER,                      -- the substitute sheet's number; NULL when none was left or none was needed
    skipped    TEXT NOT NULL DEFAULT '[]',   -- JSON: subjects passed over for the substitute, no longer eligible
    excluded   TEXT NOT NULL DEFAULT '{}',   -- JSON {conflicts, inactive}: who could not be on the substitute's team
    at         TEXT NOT NULL,
    operator   TEXT NOT NULL,
    PRIMARY KEY (draw_id, seq),
    FOREIGN KEY (draw_id, number) REFERENCES sheets(draw_id, number)
  );
  CREATE UNIQUE INDEX rejections_once ON rejections(draw_id, number, department);

  -- Which department confirmed which sheet, when, and whether on time: a department confirms its
  -- sheets at once, and a substitute sheet later. Filled in for confirmations made before.
  CREATE TABLE sheet_confirmations (
    draw_id      INTEGER NOT NULL,
    number       INTEGER NOT NULL,
    department   TEXT NOT NULL REFERENCES departments(code),
    confirmed_at TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    late         INTEGER NOT NULL,
    operator     TEXT NOT NULL,
    PRIMARY KEY (draw_id, number, department),
    FOREIGN KEY (draw_id, number) REFERENCES sheets(draw_id, number)
  );
  INSERT INTO sheet_confirmations (draw_id, number, department, confirmed_at, due_on, late, operator)
    SELECT s.draw_id, s.number, c.department, c.confirmed_at, c.due_on, c.late, c.operator
    FROM confirmations c JOIN sheets s ON s.draw_id = c.draw_id;

  -- Each department enters its own part of a sheet (art. 6): a result names its department; NULL
  -- is a joint result of every department, entered before this migration.
  ALTER TABLE results ADD COLUMN department TEXT;
  ALTER TABLE results ADD COLUMN late_reason TEXT NOT NULL DEFAULT '';  -- why an inspection lies outside the plan's window
  DROP INDEX results_current;
  CREATE UNIQUE INDEX results_current ON results(draw_id, number, ifnull(department, '')) WHERE superseded_by IS NULL;

  -- The visit: signed, or the refusal with its note and witness, once per sheet; a correction adds a row.
  CREATE TABLE visits (
    id            INTEGER PRIMARY KEY,
    draw_id       INTEGER NOT NULL,
    number        INTEGER NOT NULL,
    signed        INTEGER NOT NULL,
    refusal_note  TEXT NOT NULL DEFAULT '',
    witness       TEXT NOT NULL DEFAULT '',
    entered_at    TEXT NOT NULL,
    entered_by    TEXT NOT NULL,
    superseded_by INTEGER,
    FOREIGN KEY (draw_id, number) REFERENCES sheets(draw_id, number)
  );
  CREATE UNIQUE INDEX visits_current ON visits(draw_id, number) WHERE superseded_by IS NULL;

  ALTER TABLE dispositions ADD COLUMN department TEXT;                   -- NULL: made before dispositions were per department
  `,
  // 7: a ceremony nobody can steer (issue 13). At commitment the office declares where the seed
  // will come from (and parties may commit the hash of their part); at the draw the parts and the
  // witnesses are recorded, and whether the seed was given in the same step as the commitment
  // (only where the office allows it). The pool orders drawn are kept with the draw, so a replay
  // compares them with what was recorded, not only with itself. NULL on draws made before.
  `
  ALTER TABLE draws ADD COLUMN seed_declaration TEXT;   -- canonical JSON SeedDeclaration (core/ceremony.ts)
  ALTER TABLE draws ADD COLUMN ceremony TEXT;           -- canonical JSON CeremonyRecord (core/ceremony.ts)
  ALTER TABLE draws ADD COLUMN pools TEXT;              -- canonical JSON [{department, order}] as drawn
  `,
  // 8: the annual plan (issue 11, H7 annual plan). One annual plan (年度抽查计划) per year holds
  // that year's tasks (抽查任务: the rows of plans); it is filed with the level above once its tasks'
  // expected draws reach the yearly floor (art. 17). Every plan made before becomes a task of its
  // year's annual plan, created as of its year's first task and never filed.
  `
  CREATE TABLE annual_plans (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    filed_at   TEXT,                          -- NULL until filed (draw plan file YEAR); the latest filing
    filed_by   TEXT,
    filing     TEXT                           -- canonical JSON of the figures filed (app/annual-plan.ts)
  );
  INSERT INTO annual_plans (year, created_at, created_by)
    SELECT p.year, p.created_at, p.operator FROM plans p
    WHERE p.id = (SELECT q.id FROM plans q WHERE q.year = p.year ORDER BY q.created_at, q.id LIMIT 1);
  ALTER TABLE plans ADD COLUMN annual_plan_id INTEGER REFERENCES annual_plans(id);
  UPDATE plans SET annual_plan_id = (SELECT a.id FROM annual_plans a WHERE a.year = plans.year);
  CREATE INDEX plans_annual ON plans(annual_plan_id);
  `,
  // 9 (issue 14, H5 draw speed): the population index covers what a draw-core/2 draw and a plan's reach
  // group by (industry code, subject class), so the snapshot and the population groups are read from
  // the index alone: at a million subjects the wide rows are never touched (a profile of `draw run`
  // showed 75% of its time in the two population queries reading them).
  `
  DROP INDEX subjects_population;
  CREATE INDEX subjects_population ON subjects(status, in_registry, credit_code, credit_grade, abnormal, serious_violation, industry_code, type_class);
  `,
  // 10 (issue 14, H1 draw): the stale-grade warning of a commitment is counted in the same pass over the
  // index as the snapshot (a profile of `draw run` at a million subjects spent 6.5 s of 8.9 reading the
  // wide rows for grade_as_of and township); and a large subjects snapshot is stored in chunks, each
  // gzipped, so that it is made, hashed, drawn and replayed a chunk at a time, never whole in memory. A
  // draw whose snapshot has no chunks keeps it in draw_snapshots.text_gz, as every draw made before.
  `
  DROP INDEX subjects_population;
  CREATE INDEX subjects_population ON subjects(status, in_registry, credit_code, credit_grade, abnormal, serious_violation, industry_code, type_class, grade_as_of, township);
  CREATE TABLE draw_snapshot_chunks (
    draw_id INTEGER NOT NULL REFERENCES draws(id),
    kind    TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    text_gz BLOB NOT NULL,
    PRIMARY KEY (draw_id, kind, seq)
  );
  `,
  // 11 (issue 14, the import): the subject key becomes a unique index beside the table instead of
  // its primary key. A new registry is then appended in file order and its key index built once,
  // sorted, when the import ends (store/registry.ts): written row by row, a random-key primary key
  // was the writing thread's cost, and at 8,000,000 rows a page read and a page written back per
  // row once the index outgrew the page cache. Rowids, rows and every other index stay as they were.
  `
  CREATE TABLE subjects_new (
    credit_code         TEXT NOT NULL,
    registration_number TEXT,
    name                TEXT NOT NULL,
    representative      TEXT NOT NULL DEFAULT '',
    type                TEXT NOT NULL DEFAULT '',
    type_class          TEXT NOT NULL CHECK (type_class IN ('enterprise', 'individual', 'cooperative', 'other')),
    registry_authority  TEXT NOT NULL DEFAULT '',
    supervising_unit    TEXT NOT NULL DEFAULT '',
    township            TEXT NOT NULL DEFAULT '',
    township_raw        TEXT NOT NULL DEFAULT '',
    founded_on          TEXT,
    status              TEXT NOT NULL CHECK (status IN ('active', 'deregistered', 'revoked', 'moved_out')),
    status_raw          TEXT NOT NULL,
    address             TEXT NOT NULL DEFAULT '',
    industry_code       TEXT NOT NULL DEFAULT '',
    business_scope      TEXT NOT NULL DEFAULT '',
    abnormal            INTEGER NOT NULL DEFAULT 0,
    serious_violation   INTEGER NOT NULL DEFAULT 0,
    credit_grade        TEXT CHECK (credit_grade IN ('A', 'B', 'C', 'D')),
    grade_as_of         TEXT,
    in_registry         INTEGER NOT NULL DEFAULT 1,
    import_id           INTEGER REFERENCES imports(id),
    import_line         INTEGER
  );
  INSERT INTO subjects_new (rowid, credit_code, registration_number, name, representative, type, type_class, registry_authority, supervising_unit, township, township_raw, founded_on, status, status_raw, address, industry_code, business_scope, abnormal, serious_violation, credit_grade, grade_as_of, in_registry, import_id, import_line)
    SELECT rowid, credit_code, registration_number, name, representative, type, type_class, registry_authority, supervising_unit, township, township_raw, founded_on, status, status_raw, address, industry_code, business_scope, abnormal, serious_violation, credit_grade, grade_as_of, in_registry, import_id, import_line FROM subjects ORDER BY rowid;
  DROP TABLE subjects;
  ALTER TABLE subjects_new RENAME TO subjects;
  CREATE UNIQUE INDEX subjects_key ON subjects(credit_code);
  CREATE INDEX subjects_population ON subjects(status, in_registry, credit_code, credit_grade, abnormal, serious_violation, industry_code, type_class, grade_as_of, township);
  `,
  // 12 (issue 14, the import): a digest of each subject's stored values (core/row-hash.ts), so that a
  // re-import finds an unchanged subject by its key and one number instead of binding and comparing
  // twenty values. NULL for the rows already there: the next import compares those field by field,
  // once, and writes their digest (store/registry.ts). Adding a column rewrites no row. A later
  // migration that changes a subject's stored values must set its row_hash to NULL too: a digest
  // left stale would have the next import count the file's values as already there.
  `
  ALTER TABLE subjects ADD COLUMN row_hash INTEGER;
  `,
  // 13 (issue 14, the season at scale): a sheet's results, corrected ones too, found by the sheet. The
  // one index there was (results_current) holds only the current results, so a sheet's history was a
  // scan of every result: `draw import results` of 26,000 rows read the whole table twice a row.
  `
  CREATE INDEX results_sheet ON results(draw_id, number);
  `,
];


export const SCHEMA_VERSION = MIGRATIONS.length;
