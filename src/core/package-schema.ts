import * as z from 'zod';
import type { CeremonyRecord, SeedDeclaration } from './ceremony.js';
import type { DrawParameters } from './snapshot.js';
import type { AuditDetails } from './audit-events.js';
import type { PoolOrder, StratumResult } from './draw/index.js';

/**
 * The replay package and the audit entries, defined once (zod 4): the TypeScript type
 * (core/package.ts), the reader's check (packageShapeProblem) and the JSON Schema published in
 * docs/ (scripts/schemas.mjs writes them; test/schemas.test.ts fails when they differ) all come
 * from here. Objects accept members they do not name: a newer tool adds optional members within
 * `draw-replay-package/1` (issue 13 added `seedDeclaration`, `ceremony`, `pools`, `headSeq`), and
 * an older package, without them, still reads.
 */
export const PACKAGE_FORMAT = 'draw-replay-package/1';

const int = z.int();
const count = z.int().nonnegative();
const hex = z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'a SHA-256 in lowercase hex' });

const digests = z.object({ sha256: hex, rows: count });
const snapshotDigests = z.object({ subjects: digests, inspectors: digests, conflicts: digests });

export const drawParametersSchema = z.object({
  format: z.literal('draw-parameters/1'),
  algorithm: z.string().meta({ description: '"draw-core/1" or "draw-core/2" (docs/ALGORITHM.md §16)' }),
  prng: z.string(), tool: z.string(),
  plan: z.object({
    id: int, number: z.string(), year: int, name: z.string(), windowStart: z.string(), windowEnd: z.string(),
    items: z.array(z.object({ code: z.string(), version: int })),
  }),
  strata: z.array(z.object({ stratum: z.string(), ppm: int })),
  departments: z.array(z.object({ code: z.string(), teamSize: int })),
  yearCap: int,
  // issue 11: the cap of each risk stratum that applied (null: no cap); absent from draws committed before
  yearCaps: z.optional(z.object({ listed: z.nullable(int), gradeD: z.nullable(int), gradeA: int, others: int })),
  snapshots: snapshotDigests,
}).meta({ description: 'what the draw committed to before its seed existed; the commitment is the SHA-256 of its canonical JSON (docs/ALGORITHM.md §14.1)' });

export const seedDeclarationSchema = z.object({
  source: z.string().meta({ description: 'the seed\'s source in the office\'s words, declared at commitment' }),
  parties: z.array(z.object({ name: z.string(), sha256: z.optional(hex) })),
});

export const ceremonyRecordSchema = z.object({
  parts: z.array(z.object({ name: z.string(), value: z.string() })),
  witnesses: z.array(z.object({ name: z.string(), role: z.string() })),
  oneStep: z.boolean().meta({ description: 'the seed was given in the same step as the commitment, not after a published commitment' }),
});

const inspector = z.object({ department: z.string(), certificate: z.string() });
const sheet = z.object({
  number: int, key: z.string(), stratum: z.string(), inspectors: z.array(inspector),
  cancelledBy: z.optional(int).meta({ description: 'the seq of the change that cancelled the sheet' }),
  substituteFor: z.optional(int).meta({ description: 'the number of the cancelled sheet this substitute stands in for' }),
});
const stratumResult = z.object({ stratum: z.string(), size: count, drawn: count });
const poolOrder = z.object({ department: z.string(), order: z.array(z.string()) });

const replacement = z.object({
  seq: int, number: int, department: z.string(), replaced: z.string(), substitute: z.string(),
  conflicts: z.array(z.string()), inactive: z.array(z.string()), approvedBy: z.string(), filedOn: z.string(),
});
const excluded = z.object({ conflicts: z.array(z.object({ certificate: z.string(), key: z.string() })), inactive: z.array(z.string()) });
const rejection = z.object({
  seq: int, number: int, department: z.string(), reason: z.string(), cancels: z.boolean(), substitute: z.union([int, z.null()]),
  skipped: z.array(z.string()), excluded,
});

export const auditEntrySchema = z.object({
  seq: int, at: z.string().meta({ description: 'ISO 8601 UTC' }), operator: z.string(), action: z.string(),
  detail: z.string().meta({ description: 'the canonical JSON of the event\'s detail; its shape by action under $defs', contentMediaType: 'application/json' }),
  prev_hash: hex, hash: hex,
}).meta({ title: 'draw audit log entry', description: 'one entry of the hash-chained audit log (docs/AUDIT-LOG.md)' });

export const replayPackageSchema = z.object({
  format: z.literal(PACKAGE_FORMAT),
  tool: z.string(),
  classification: z.optional(z.literal('internal')).meta({ description: 'internal (内部): the package holds every subject\'s credit grade; since issue 13' }),
  draw: z.object({
    id: int, status: z.string(), seed: z.string(), seedSource: z.string(), commitment: hex, committedAt: z.string(), drawnAt: z.string(), resultHash: hex,
    seedDeclaration: z.optional(seedDeclarationSchema), ceremony: z.optional(ceremonyRecordSchema),
  }),
  parameters: drawParametersSchema,
  snapshots: z.object({ subjects: z.string(), inspectors: z.string(), conflicts: z.string() }).meta({ description: 'the snapshot texts of docs/ALGORITHM.md §3' }),
  expected: z.object({
    strata: z.array(stratumResult),
    sheets: z.array(sheet).meta({ description: 'the sheets as they stand: drawn, then every recorded change applied in seq order' }),
    pools: z.optional(z.array(poolOrder)).meta({ description: 'the pool orders as drawn (docs/ALGORITHM.md §10); since issue 13' }),
  }),
  replacements: z.array(replacement),
  rejections: z.optional(z.array(rejection)),
  audit: z.object({ head: hex, headSeq: z.optional(int), entries: z.array(auditEntrySchema) }),
  integrity: hex,
}).meta({ title: 'draw replay package', description: 'everything needed to replay one draw without the office\'s database (docs/ALGORITHM.md §14)' });

/** A free-text personal field as the package carries it: the text, or its digest (core/audit-chain.ts). */
const personal = z.union([z.string(), z.object({ sha256: hex })]);
const detailDigests = snapshotDigests;

/** The details of the entries a replay reads (docs/AUDIT-LOG.md), as the package carries them. */
export const auditDetailSchemas = {
  'draw.commit': z.object({
    draw: int, plan: int, commitment: hex, snapshots: detailDigests,
    deadlines: z.optional(z.object({ confirmDays: int, entryDays: int, publishDays: int })),
  }),
  'draw.run': z.object({ draw: int, plan: int, commitment: hex, seed: z.string(), seedSource: z.enum(['given', 'generated']), result: hex, sheets: count }),
  'sheet.replace': z.object({
    draw: int, sheet: int, seq: int, department: z.string(), replaced: z.string(), substitute: z.string(), reason: personal, approvedBy: z.string(),
    filedOn: z.string(), conflicts: z.array(z.string()), inactive: z.array(z.string()), private: z.optional(z.array(z.string())),
  }),
  'draw.confirm': z.object({
    draw: int, department: z.string(), due: z.string(), late: z.boolean(), note: personal,
    again: z.optional(z.boolean()),
    sheets: z.optional(z.array(z.object({ due: z.string(), late: z.boolean(), numbers: z.array(int) }))),
    rejections: z.optional(z.array(z.object({
      seq: int, sheet: int, reason: z.string(), cancels: z.boolean(), substitute: z.union([int, z.null()]), skipped: z.array(z.string()), excluded,
    }))),
    rejectionNotes: z.optional(z.union([z.array(z.string()), z.object({ sha256: hex })])),
    substitutes: z.optional(z.array(z.object({
      sheet: int, substituteFor: int, key: z.string(), stratum: z.string(), team: z.array(z.tuple([z.string(), z.string()])), due: z.string(),
    }))),
    private: z.optional(z.array(z.string())),
  }),
} as const;

// The types defined elsewhere in core must be the schema's, member for member: a change to either
// side without the other does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree: [
  Same<z.infer<typeof drawParametersSchema>, DrawParameters>,
  Same<z.infer<typeof seedDeclarationSchema>, SeedDeclaration>,
  Same<z.infer<typeof ceremonyRecordSchema>, CeremonyRecord>,
  Same<z.infer<typeof stratumResult>, StratumResult>,
  Same<z.infer<typeof poolOrder>, PoolOrder>,
] = [true, true, true, true, true];
void agree;
// What the tool writes in these entries must fit their published shapes (the digests aside).
type Fits<A, B> = [A] extends [B] ? true : false;
const fits: { [K in keyof typeof auditDetailSchemas]: Fits<AuditDetails[K], z.infer<(typeof auditDetailSchemas)[K]>> } = {
  'draw.commit': true, 'draw.run': true, 'sheet.replace': true, 'draw.confirm': true,
};
void fits;

export type ReplayPackageShape = z.infer<typeof replayPackageSchema>;

/** The first place a value breaks the package's shape: its path (`expected.sheets[3].key`) and what was expected there. */
export function shapeProblem(schema: z.ZodType, v: unknown): { path: string; expected: string } | null {
  const issue = shapeIssue(schema, v);
  return issue && { path: issue.path, expected: issue.expected };
}

/** shapeProblem with the path also as its keys (`['expected', 'sheets', 3, 'key']`), for a value checked in parts. */
export function shapeIssue(schema: z.ZodType, v: unknown): { at: PropertyKey[]; path: string; expected: string } | null {
  const r = schema.safeParse(v);
  if (r.success) return null;
  const issue = r.error.issues[0]!;
  const path = pathText(issue.path);
  const expected = issue.code === 'invalid_type' ? String(issue.expected)
    : issue.code === 'invalid_value' ? issue.values.map((x) => JSON.stringify(x)).join(' | ')
      : issue.code === 'invalid_format' ? `${issue.format}${'pattern' in issue && issue.pattern ? ` ${String(issue.pattern)}` : ''}`
      : issue.code === 'too_small' || issue.code === 'too_big' ? `${issue.code} ${String((issue as { minimum?: unknown; maximum?: unknown }).minimum ?? (issue as { maximum?: unknown }).maximum)}`
        : issue.code;
  return { at: issue.path, path, expected };
}

/** A path as the package's messages write it: `expected.sheets[3].key`, `(root)` for none. */
export function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : p ? `${p}.${String(k)}` : String(k)), '') || '(root)';
}

/** The published documents (docs/replay-package.schema.json, docs/audit-entry.schema.json), as JSON values. */
export function publishedSchemas(): { 'replay-package': unknown; 'audit-entry': unknown } {
  const json = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const $defs = Object.fromEntries(Object.entries(auditDetailSchemas).map(([action, s]) => {
    const { $schema: _, ...body } = json(s);
    return [action, body];
  }));
  return {
    'replay-package': json(replayPackageSchema),
    'audit-entry': { ...json(auditEntrySchema), $defs },
  };
}

/** The files in docs/ and their exact text (two-space JSON and a final line end): what scripts/schemas.mjs writes and the test compares. */
export function publishedSchemaFiles(): Record<string, string> {
  const s = publishedSchemas();
  return {
    'docs/replay-package.schema.json': `${JSON.stringify(s['replay-package'], null, 2)}\n`,
    'docs/audit-entry.schema.json': `${JSON.stringify(s['audit-entry'], null, 2)}\n`,
  };
}
