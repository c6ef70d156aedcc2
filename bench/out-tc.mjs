import Database from 'better-sqlite3';
const db = new Database(process.argv[2], { readonly: true });
db.pragma('cache_size = -32000');
const W = "in_registry = 1 AND status IN ('active')";
const t = (label, f) => { const a = process.cpuUsage(); const s = Date.now(); const r = f(); const c = process.cpuUsage(a); console.log(label, Date.now() - s, 'ms', ((c.user + c.system) / 1000).toFixed(0), 'cpu ms', JSON.stringify(r).slice(0, 80)); return r; };
for (let k = 0; k < 2; k++) {
t('group by', () => db.prepare(`SELECT industry_code, type_class, 'all', COUNT(*) FROM subjects WHERE ${W} GROUP BY 1,2,3`).raw().all().length);
db.aggregate('tc', { start: () => new Map(), step: (m, a, b, c) => { const k = `${a}\t${b}\t${c}`; m.set(k, (m.get(k) ?? 0) + 1); return m; }, result: (m) => JSON.stringify([...m]) });
t('js aggregate', () => JSON.parse(db.prepare(`SELECT tc(industry_code, type_class, 'all') FROM subjects WHERE ${W}`).pluck().get()).length);
t('graded group by', () => db.prepare(`SELECT industry_code, type_class, CASE WHEN abnormal = 1 OR serious_violation = 1 THEN 'D' ELSE COALESCE(credit_grade, 'none') END, COUNT(*) FROM subjects WHERE ${W} GROUP BY 1,2,3`).raw().all().length);
t('graded js', () => JSON.parse(db.prepare(`SELECT tc(industry_code, type_class, CASE WHEN abnormal = 1 OR serious_violation = 1 THEN 'D' ELSE COALESCE(credit_grade, 'none') END) FROM subjects WHERE ${W}`).pluck().get()).length);
t('scan only', () => db.prepare(`SELECT count(industry_code || type_class) FROM subjects WHERE ${W}`).pluck().get());
}
