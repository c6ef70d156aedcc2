/** Messages of `draw audit verify --anchor` (zh); merged by index.ts. */
export const zhAnchor = {
  'opt.anchor': '以早先公布的审计日志头核对日志：序号:哈希，或 draw 写出的纸件、导出文件或复核包（可重复）',
  'anchor.malformed': '--anchor {value}：既不是"序号:哈希"（如 12:后接 64 位十六进制），也不是一个文件',
  'anchor.noHead': '--anchor {file}：文件中没有审计日志头（序号:哈希），本数据库的审计日志和记录中也没有其 SHA-256（{sha256}）：它不是 draw 写出的纸件或复核包，也不是本数据库写出的公示文件或导入的文件，或由较早的版本写出',
  'anchor.noHeadHint': '把纸件上印的审计日志头照抄为 --anchor 序号:哈希；公示文件和导入的文件只在写出或导入它的数据库中是锚点（若它确由本数据库写出，则日志连同其记录已被截短或改写）',
  'anchor.fromFile': '{anchor}（{file}）',
  'anchor.held': '锚点 {anchor}：日志仍有第 {seq} 条且哈希相同，从它到当前头的链完整',
  'anchor.cut': '锚点 {anchor}：日志只到第 {last} 条，没有第 {seq} 条；日志在锚点之后被截短',
  'anchor.rewritten': '锚点 {anchor}：日志第 {seq} 条的哈希现在是 {found}；日志从这一条或更早处被改写过',
  'anchor.unknown': '锚点 {anchor}：日志中没有哈希为它的记录；日志被截短或被改写过',
  'anchor.broken': '锚点 {anchor}：日志仍有第 {seq} 条，但从它到当前头的链在第 {at} 条断开',
  // issue 13 — a file that carries no head (the disclosure, a file imported), found by its SHA-256
  'anchor.heldByDigest': '锚点 {anchor}：日志第 {seq} 条（{recordedBy}）仍记着该文件的 SHA-256，从它到当前头的链完整',
  'anchor.lost': '锚点 {anchor}：日志中已没有记着该文件 SHA-256 的条目，而数据库的记录 {records} 仍记着它；日志被截短或被改写过',
  'anchor.recordsSep': '、',
} as const;
