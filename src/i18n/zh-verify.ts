/** Messages of `draw audit verify` holding records to their entries, and of a damaged database (zh); merged by index.ts. */
export const zhVerify = {
  'audit.record.changed': '{table} 表的记录 {record} 与审计日志第 {entry} 条不符（{field}）：在工具之外被改动过',
  'audit.record.deleted': '{table} 表的记录 {record} 不见了：审计日志第 {entry} 条记下了它，它在工具之外被删除',
  'audit.record.unlogged': '{table} 表的记录 {record} 在审计日志中没有记录：它不是由 draw 写入的',
  'db.damaged': '数据库 {path} 不完整：{what}；这不是 draw 留下的样子（被删除了表或在工具之外改动过）',
  'db.damagedHint': '用 `draw db backup` 做的备份恢复，并运行 `draw audit verify` 确认',
  'db.missingTable': '缺少表 {table}',
  'db.missingColumn': '缺少列 {column}',
  'db.badSetting': '设置 {key} 的值 {value} 不是 {min}–{max} 之间的整数（在工具之外被改动过）',
  'db.conflict': '另一位同事刚刚写入了同一条记录（{what}）；这一步的改动没有写入',
  'db.conflictHint': '运行一次相应的 show 或 list 命令看看已经写入的内容；确有需要再重做这一步',
} as const;
